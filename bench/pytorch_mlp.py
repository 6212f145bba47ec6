#!/usr/bin/env python3
"""Reference figures from PyTorch on the same machine, for the engine benchmark's network.

784-1024-1024-10, batch 128, SGD with momentum 0.9, float32, CPU. Prints one JSON line per figure,
with the same names as io.dropwise.bench.EngineBenchmark. Optional: needs PyTorch and a fast BLAS
(Debian: apt-get install python3-torch libopenblas0-pthread; without OpenBLAS, Debian's torch runs on the
reference BLAS at ~300 samples/s). Usage: python3 bench/pytorch_mlp.py [--threads 2] [--seconds 5]

Its best 2-core setting measured here is OpenBLAS's two threads under one torch thread:
    OPENBLAS_NUM_THREADS=2 /usr/bin/python3 bench/pytorch_mlp.py --threads 1
(2026-12-01, training samples/s without / with dropout: torch 2 + OpenBLAS 1 threads 6,232 / 5,530;
torch 1 + OpenBLAS 2: 9,566 / 7,193; torch 2 + OpenBLAS 2, oversubscribed: 3,186 / 2,525.)
"""
import argparse
import json
import statistics
import time

import torch
from torch import nn


def network(dropout):
    layers = []
    if dropout:
        layers.append(nn.Dropout(0.2))
    layers += [nn.Linear(784, 1024), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(0.5))
    layers += [nn.Linear(1024, 1024), nn.ReLU()]
    if dropout:
        layers.append(nn.Dropout(0.5))
    layers.append(nn.Linear(1024, 10))
    return nn.Sequential(*layers)


def train_rate(dropout, seconds, batch=128):
    torch.manual_seed(42)
    net = network(dropout)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.randn(batch * 16, 784)
    y = torch.randint(0, 10, (batch * 16,))
    rates = []
    end = time.perf_counter() + seconds
    step = 0
    while time.perf_counter() < end or len(rates) < 5:
        t0 = time.perf_counter()
        for _ in range(10):
            i = (step % 16) * batch
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x[i:i + batch]), y[i:i + batch])
            loss.backward()
            opt.step()
            step += 1
        rates.append(10 * batch / (time.perf_counter() - t0))
    return statistics.median(rates[1:])


def inference(seconds):
    net = network(False).eval()
    one = torch.randn(1, 784)
    many = torch.randn(256, 784)
    lat = []
    with torch.inference_mode():
        for _ in range(200):
            net(one)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter_ns()
            net(one)
            lat.append((time.perf_counter_ns() - t0) / 1000)
        rates = []
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            t0 = time.perf_counter()
            net(many)
            rates.append(256 / (time.perf_counter() - t0))
    lat.sort()
    return statistics.median(lat), lat[int(0.99 * (len(lat) - 1))], statistics.median(rates)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    common = {"framework": "pytorch " + torch.__version__, "threads": args.threads}
    for dropout in (False, True):
        rate = train_rate(dropout, args.seconds)
        name = "train_samples_per_s_dropout" if dropout else "train_samples_per_s"
        print(json.dumps({"figure": name, "value": round(rate, 1), **common}))
    p50, p99, rate = inference(args.seconds)
    print(json.dumps({"figure": "inference_batch1_us_p50", "value": round(p50, 1), **common}))
    print(json.dumps({"figure": "inference_batch1_us_p99", "value": round(p99, 1), **common}))
    print(json.dumps({"figure": "inference_batch256_samples_per_s", "value": round(rate, 1), **common}))


if __name__ == "__main__":
    main()
