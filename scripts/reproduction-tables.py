#!/usr/bin/env python3
"""Prints the Markdown tables of docs/reproduction.md from Results/duplex-micro24/*.csv.

Usage: scripts/reproduction-tables.py [REVISION]
  REVISION (optional): a git revision; the CSVs are read from it (`git show REV:path`) instead of
  the working tree, e.g. to compare with the tables before a change.

Python 3 standard library only. Used only to write documentation: no build or test runs it.
"""
import csv, io, os, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(name, rev=None):
    path = 'Results/duplex-micro24/' + name
    if rev:
        text = subprocess.run(['git', 'show', f'{rev}:{path}'], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    else:
        with open(os.path.join(ROOT, path)) as f:
            text = f.read()
    return list(csv.DictReader(io.StringIO(text)))


rev = sys.argv[1] if len(sys.argv) > 1 else None
T = read('throughput.csv', rev); E = read('energy.csv', rev)
V = ['duplex','duplex+pe','duplex+pe+et']
def grid(rows, col):
    d = {}
    for r in rows: d[(r['model'], r['batch'], r['lin'], r['lout'], r['system'])] = float(r[col])
    return d
tn = grid(T,'normalized_to_gpu'); tt = grid(T,'tokens_per_s'); en = grid(E,'normalized_to_gpu')
points = []
for r in T:
    k = (r['model'], r['batch'], r['lin'], r['lout'])
    if k not in points: points.append(k)
out = []
out.append('| model | B | (Lin, Lout) | 2xGPU | Duplex | +PE | +PE+ET |\n|---|---|---|---|---|---|---|')
for k in points:
    out.append(f'| {k[0]} | {k[1]} | ({k[2]}, {k[3]}) | ' + ' | '.join('%.2f' % tn[k+(s,)] for s in ['2xgpu']+V) + ' |')
best = {k: max(tn[k+(s,)] for s in V) for k in points}
over2 = [max(tt[k+(s,)] for s in V)/tt[k+('2xgpu',)] for k in points]
vals = list(best.values())
out.append('')
out.append('Best Duplex variant over GPU: max %.2fx, mean %.2fx, min %.2fx; over 2xGPU: mean %.2fx' % (max(vals), sum(vals)/len(vals), min(vals), sum(over2)/len(over2)))
for m in ['mixtral-8x7b','glam-143b','grok-1']:
    v = [best[k] for k in points if k[0]==m]
    out.append('- %s: mean %.2fx, max %.2fx' % (m, sum(v)/len(v), max(v)))
out.append('')
out.append('| model | B | (Lin, Lout) | 2xGPU | Duplex | +PE | +PE+ET |\n|---|---|---|---|---|---|---|')
for k in points:
    out.append(f'| {k[0]} | {k[1]} | ({k[2]}, {k[3]}) | ' + ' | '.join('%.2f' % en[k+(s,)] for s in ['2xgpu']+V) + ' |')
sav = {k: 1-min(en[k+(s,)] for s in V) for k in points}
out.append('')
out.append('Largest energy saving of a Duplex variant: %.0f%%, mean %.0f%%' % (100*max(sav.values()), 100*sum(sav.values())/len(sav)))
print('\n'.join(out))
# latency
L = read('latency-glam-b64.csv', rev)
g = [r for r in L if r['system']=='gpu'][0]
print('\n| system | tokens/s | T2FT p50 ms | TBT p50 / p90 / p99 ms | E2E p50 ms | E2E vs GPU |\n|---|---|---|---|---|---|')
for r in L:
    print('| %s | %.0f | %.1f | %.1f / %.1f / %.1f | %.0f | %.2fx lower |' % (r['system'], float(r['tokens_per_s']), float(r['t2ft_p50_ms']), float(r['tbt_p50_ms']), float(r['tbt_p90_ms']), float(r['tbt_p99_ms']), float(r['e2e_p50_ms']), float(g['e2e_p50_ms'])/float(r['e2e_p50_ms'])))
Q = read('qps-mixtral.csv', rev)
print('\n| QPS | system | mean batch | tokens/s | T2FT p50 / p90 ms | E2E mean / p99 ms |\n|---|---|---|---|---|---|')
for r in Q:
    print('| %s | %s | %.1f | %.0f | %.0f / %.0f | %.0f / %.0f |' % (r['qps'], r['system'], float(r['mean_batch']), float(r['tokens_per_s']), float(r['t2ft_p50_ms']), float(r['t2ft_p90_ms']), float(r['e2e_mean_ms']), float(r['e2e_p99_ms'])))
B = read('bank-pim.csv', rev)
print('\n| model | system | tokens/s | vs GPU | energy/token mJ | vs GPU |\n|---|---|---|---|---|---|')
for r in B:
    print('| %s | %s | %.0f | %.2f | %.1f | %.2f |' % (r['model'], r['system'], float(r['tokens_per_s']), float(r['normalized_to_gpu']), float(r['energy_per_token_mJ']), float(r['energy_normalized_to_gpu'])))
