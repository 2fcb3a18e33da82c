#!/usr/bin/env python3
"""Trains moodmusic's emotion model on FER2013 and exports it to ONNX.

Phases, all on one GPU in one run: two teachers from scratch (VGG-style and ResNet-18), then a compact student
distilled from their ensemble. Each epoch's time, loss and PublicTest accuracy are logged (JSON lines on stdout
and in OUT/train-log.jsonl); at the end OUT/summary.json holds the accuracies (plain and with test-time
augmentation), per-class recall and confusion matrices, and OUT/moodnet.onnx is the student.

Deterministic given --seed on the same hardware and software (cuDNN deterministic, seeded generators for order
and augmentation). training/README.md has the command for the lent GPU machine.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")

import torch  # noqa: E402

import models  # noqa: E402
from export_onnx import check, export  # noqa: E402
from fer_data import normalize, read_records  # noqa: E402
from trainer import Clock, predict, prepare, report, seconds_per_epoch, train  # noqa: E402


def arguments():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", default=os.path.join(here, "data", "train.bin.xz"))
    parser.add_argument("--test", default=os.path.join(here, "data", "publictest.bin.xz"), help="PublicTest records; skipped if absent")
    parser.add_argument("--out", default=os.environ.get("OUT") or os.path.join(here, "out"))
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--teacher-epochs", type=int, default=45)
    parser.add_argument("--student-epochs", type=int, default=70)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--temperature", type=float, default=3.0)
    parser.add_argument("--alpha", type=float, default=0.8, help="weight of the distillation term")
    parser.add_argument("--limit", type=int, help="use only the first N training images (smoke tests)")
    parser.add_argument("--test-limit", type=int)
    parser.add_argument("--deadline", type=float, default=500, help="seconds after which training phases stop early")
    return parser.parse_args()


def main():
    args = arguments()
    os.makedirs(args.out, exist_ok=True)
    device = torch.device(args.device)
    clock = Clock(args.deadline)
    log_file = open(os.path.join(args.out, "train-log.jsonl"), "w")

    def log(entry):
        line = json.dumps(entry)
        print(line, flush=True)
        log_file.write(line + "\n")
        log_file.flush()

    torch.manual_seed(args.seed)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
    torch.use_deterministic_algorithms(True, warn_only=True)
    log({"event": "start", "torch": torch.__version__, "device": str(device), "seed": args.seed,
         "gpu": torch.cuda.get_device_name(0) if device.type == "cuda" else None, "arguments": vars(args)})

    images, labels = read_records(args.train, args.limit)
    train_images, train_labels = images.to(device), labels.to(device)
    test = None
    if os.path.exists(args.test):
        test_images, test_labels = read_records(args.test, args.test_limit)
        test = (test_images.to(device), test_labels)
    log({"event": "data", "train": int(images.shape[0]), "test": int(test[0].shape[0]) if test else 0,
         "elapsed": round(clock.elapsed(), 1)})

    shared = dict(train_images=train_images, train_labels=train_labels, test=test, batch=args.batch, lr=args.lr,
                  device=device, clock=clock, log=log)
    # The deadline leaves the student its share: teachers stop at 55% of it.
    teacher_clock = Clock(args.deadline * 0.55)
    teacher_clock.start = clock.start
    teachers = []
    for index, (name, build) in enumerate((("vgg", models.VGGNet), ("resnet18", models.resnet18))):
        torch.manual_seed(args.seed + index)
        net = prepare(build(), device)
        teachers.append(train(net, name, epochs=args.teacher_epochs, seed=args.seed + index, **{**shared, "clock": teacher_clock}))

    torch.manual_seed(args.seed + 10)
    student = prepare(models.student(), device)
    # A cut-short OneCycle schedule leaves the learning rate high, so rather than stop at the deadline the
    # student gets as many whole epochs as fit before it (the log says when that is fewer than asked).
    estimate = seconds_per_epoch(student, train_images, train_labels, args.batch, device, teachers, args.temperature)
    fitting = int(max(0.0, args.deadline - clock.elapsed() - 15) // estimate)
    student_epochs = max(1, min(args.student_epochs, fitting))
    log({"phase": "student", "event": "plan", "seconds_per_epoch_estimate": round(estimate, 2), "epochs": student_epochs,
         "asked": args.student_epochs, "elapsed": round(clock.elapsed(), 1)})
    train(student, "student", epochs=student_epochs, seed=args.seed + 10, teachers=teachers,
          temperature=args.temperature, alpha=args.alpha, **shared)

    summary = {"seed": args.seed, "train_images": int(images.shape[0]), "seconds": round(clock.elapsed(), 1),
               "teacher_epochs": args.teacher_epochs, "student_epochs": student_epochs,
               "student_parameters": sum(p.numel() for p in student.parameters()),
               "student_multiply_adds": models.multiply_adds(student)}
    if test is not None:
        truth = test[1]
        for name, nets in (("vgg", teachers[:1]), ("resnet18", teachers[1:]), ("ensemble", teachers), ("student", [student])):
            summary[name] = report(predict(nets, test[0], device), truth)
            summary[name + "_tta"] = report(predict(nets, test[0], device, tta=True), truth)
    path = os.path.join(args.out, "moodnet.onnx")
    exported, exporter = export(student, path)
    sample = normalize(test[0][:64].cpu() if test is not None else images[:64])
    summary["onnx"] = {"exporter": exporter, "bytes": os.path.getsize(path), **check(exported, path, sample)}
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    log({"event": "done", "elapsed": round(clock.elapsed(), 1),
         **{k: v["accuracy"] for k, v in summary.items() if isinstance(v, dict) and "accuracy" in v}, "onnx": summary["onnx"]})
    if summary["onnx"]["unsupported_by_swift_runtime"]:
        sys.exit(f"the export uses operators the Swift runtime lacks: {summary['onnx']['unsupported_by_swift_runtime']}")


if __name__ == "__main__":
    main()
