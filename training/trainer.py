"""One training loop for teachers and student: SGD Nesterov, OneCycle, label smoothing, bf16 autocast on CUDA,
channels-last, GPU-side augmentation; optional distillation from an ensemble's softened outputs."""
import time

import torch
import torch.nn.functional as F

from augment import augment, tta_views
from fer_data import CLASSES, normalize


class Clock:
    """Seconds since the run started, and a hard deadline that every phase respects."""

    def __init__(self, deadline_seconds):
        self.start = time.time()
        self.deadline = deadline_seconds

    def elapsed(self):
        return time.time() - self.start

    def past_deadline(self, reserve=0.0):
        return self.elapsed() + reserve > self.deadline


def autocast(device):
    return torch.autocast("cuda", dtype=torch.bfloat16) if device.type == "cuda" else torch.autocast("cpu", enabled=False)


def prepare(net, device):
    net = net.to(device)
    return net.to(memory_format=torch.channels_last) if device.type == "cuda" else net


@torch.no_grad()
def predict(nets, images, device, tta=False, batch=1024):
    """Mean softmax of `nets` over `images` (uint8 on the device), optionally over the TTA views."""
    for net in nets:
        net.eval()
    outputs = []
    for start in range(0, images.shape[0], batch):
        x = normalize(images[start:start + batch])
        views = tta_views(x) if tta else [x]
        total = 0
        with autocast(device):
            for net in nets:
                for view in views:
                    total = total + torch.softmax(net(view.contiguous(memory_format=torch.channels_last)).float(), dim=1)
        outputs.append(total / (len(nets) * len(views)))
    return torch.cat(outputs)


def report(probabilities, labels):
    """Accuracy, per-class recall and the confusion matrix (rows true, columns predicted)."""
    predicted = probabilities.argmax(dim=1)
    confusion = torch.zeros(len(CLASSES), len(CLASSES), dtype=torch.int64)
    for t, p in zip(labels.tolist(), predicted.tolist()):
        confusion[t, p] += 1
    recall = {name: round(100.0 * confusion[i, i].item() / max(1, confusion[i].sum().item()), 2) for i, name in enumerate(CLASSES)}
    accuracy = 100.0 * confusion.diag().sum().item() / max(1, labels.numel())
    return {"accuracy": round(accuracy, 2), "recall": recall, "confusion": confusion.tolist()}


def train(net, name, train_images, train_labels, test, epochs, batch, lr, seed, device, clock, log,
          teachers=(), temperature=3.0, alpha=0.8):
    """Trains `net` in place. With `teachers`, the loss is alpha·T²·KL(teacher ‖ student at T) + (1−alpha)·CE."""
    generator = torch.Generator(device=device).manual_seed(seed)
    order_generator = torch.Generator().manual_seed(seed)
    steps = max(1, train_images.shape[0] // batch)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9, nesterov=True, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=max(epochs * steps, 8), pct_start=0.25)
    for teacher in teachers:
        teacher.eval()
    for epoch in range(1, epochs + 1):
        if clock.past_deadline():
            log({"phase": name, "event": "stopped at the deadline", "epoch": epoch, "elapsed": round(clock.elapsed(), 1)})
            break
        started = time.time()
        net.train()
        order = torch.randperm(train_images.shape[0], generator=order_generator).to(device)
        total_loss = torch.zeros((), device=device)
        for step in range(steps):
            index = order[step * batch:(step + 1) * batch]
            x = augment(normalize(train_images[index]), generator).contiguous(memory_format=torch.channels_last)
            y = train_labels[index]
            with autocast(device):
                logits = net(x)
                loss = F.cross_entropy(logits.float(), y, label_smoothing=0.1)
                if teachers:
                    with torch.no_grad():
                        target = sum(torch.softmax(t(x).float() / temperature, dim=1) for t in teachers) / len(teachers)
                    distill = F.kl_div(F.log_softmax(logits.float() / temperature, dim=1), target, reduction="batchmean")
                    loss = alpha * temperature * temperature * distill + (1 - alpha) * loss
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            total_loss += loss.detach()
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.time() - started
        entry = {"phase": name, "epoch": epoch, "seconds": round(seconds, 2), "loss": round(total_loss.item() / steps, 4),
                 "elapsed": round(clock.elapsed(), 1)}
        if test is not None:
            entry["test_accuracy"] = report(predict([net], test[0], device), test[1].cpu())["accuracy"]
        log(entry)
    net.eval()
    return net


def seconds_per_epoch(net, train_images, train_labels, batch, device, teachers=(), temperature=3.0, steps=20, seed=0):
    """Times `steps` training steps of a throwaway copy of `net` (with the teachers' forward passes) and scales
    to one epoch plus a PublicTest evaluation's share; the real net and its generators are untouched."""
    import copy

    probe = copy.deepcopy(net).train()
    optimizer = torch.optim.SGD(probe.parameters(), lr=0.01, momentum=0.9)
    generator = torch.Generator(device=device).manual_seed(seed)
    index = torch.arange(min(batch, train_images.shape[0]), device=device)
    timings = []
    for step in range(steps + 3):
        if device.type == "cuda":
            torch.cuda.synchronize()
        started = time.time()
        x = augment(normalize(train_images[index]), generator).contiguous(memory_format=torch.channels_last)
        with autocast(device):
            logits = probe(x)
            loss = F.cross_entropy(logits.float(), train_labels[index])
            if teachers:
                with torch.no_grad():
                    target = sum(torch.softmax(t(x).float() / temperature, dim=1) for t in teachers) / len(teachers)
                loss = loss + F.kl_div(F.log_softmax(logits.float() / temperature, dim=1), target, reduction="batchmean")
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        if step >= 3:  # the first steps pay for kernel selection and allocation
            timings.append(time.time() - started)
    per_step = sorted(timings)[len(timings) // 2]
    return per_step * max(1, train_images.shape[0] // batch) * 1.1
