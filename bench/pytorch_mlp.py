#!/usr/bin/env python3
"""Reference figures from PyTorch on the same machine, for the engine benchmark's network.

784-1024-1024-10, batch 128, SGD with momentum 0.9, float32, CPU. Prints one JSON line per figure,
with the same names as io.dropwise.bench.EngineBenchmark. Optional: needs PyTorch and a fast BLAS
(Debian: apt-get install python3-torch libopenblas0-pthread; without OpenBLAS, Debian's torch runs on the
reference BLAS at ~300 samples/s). Usage: python3 bench/pytorch_mlp.py [--threads 2] [--seconds 5]

With --data FILE (written by io.dropwise.bench.TrainBenchmark: int32 rows, int32 features, float32 features
row-major, int32 labels, little-endian) it trains on those rows the way a Dropwise job with the default spec does
(80/20 split, features standardized on the training split, batch 128, shuffled every epoch, SGD lr 0.05 with
Nesterov momentum 0.9, L2 1e-4, max-norm 3 on each unit's incoming weights after every step, the dropout-off
training metrics on 2,048 training rows and the validation metrics every epoch) and prints one JSON line per epoch
with the training samples/s of its batches, as Dropwise's /jobs/{id}/metrics does:
    OPENBLAS_NUM_THREADS=2 python3 bench/pytorch_mlp.py --threads 1 --data rows.bin --epochs 5 [--no-dropout]

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


def load(path):
    import numpy as np
    with open(path, "rb") as f:
        rows, features = np.frombuffer(f.read(8), dtype="<i4")
        x = np.frombuffer(f.read(4 * rows * features), dtype="<f4").reshape(rows, features)
        y = np.frombuffer(f.read(4 * rows), dtype="<i4")
    return torch.from_numpy(x.copy()), torch.from_numpy(y.astype("int64"))


def evaluate(net, x, y, loss_fn):
    net.eval()
    with torch.inference_mode():
        out = torch.cat([net(x[i:i + 256]) for i in range(0, len(x), 256)])
        loss = loss_fn(out, y).item()
        accuracy = (out.argmax(1) == y).float().mean().item()
    net.train()
    return loss, accuracy


def train_like_a_job(args, common):
    x, y = load(args.data)
    generator = torch.Generator().manual_seed(42)
    order = torch.randperm(len(x), generator=generator)
    held = int(round(len(x) * 0.2))
    val_idx, train_idx = order[:held].sort().values, order[held:].sort().values
    mean = x[train_idx].mean(0)
    std = x[train_idx].std(0, unbiased=False)
    std[std == 0] = 1
    x = (x - mean) / std
    x_train, y_train = x[train_idx].contiguous(), y[train_idx].contiguous()
    x_val, y_val = x[val_idx].contiguous(), y[val_idx].contiguous()
    sample = torch.linspace(0, len(x_train) - 1, min(2048, len(x_train))).long()
    torch.manual_seed(42)
    net = network(not args.no_dropout)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    linears = [m for m in net if isinstance(m, nn.Linear)]
    batch = 128
    for epoch in range(1, args.epochs + 1):
        started = time.perf_counter()
        perm = torch.randperm(len(x_train), generator=generator)
        t0 = time.perf_counter()
        for i in range(0, len(x_train), batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            with torch.no_grad():
                for m in linears:
                    m.weight.data = torch.renorm(m.weight.data, 2, 0, 3.0)
        training = time.perf_counter() - t0
        t1 = time.perf_counter()
        train_loss, _ = evaluate(net, x_train[sample], y_train[sample], loss_fn)
        val_loss, val_acc = evaluate(net, x_val, y_val, loss_fn)
        evaluation = time.perf_counter() - t1
        print(json.dumps({
            "figure": "job_epoch", "epoch": epoch, "dropout": not args.no_dropout,
            "samples_per_second": round(len(x_train) / training, 1),
            "training_millis": round(training * 1000), "evaluation_millis": round(evaluation * 1000),
            "epoch_millis": round((time.perf_counter() - started) * 1000),
            "train_loss": round(train_loss, 4), "validation_loss": round(val_loss, 4),
            "validation_accuracy": round(val_acc, 4), **common}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--data", help="train on these rows like a Dropwise job (see above)")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--no-dropout", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    common = {"framework": "pytorch " + torch.__version__, "threads": args.threads}
    if args.data:
        train_like_a_job(args, common)
        return
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
