"""Exports the student to ONNX (probabilities out) and checks the file before it leaves the machine:
only operators the Swift runtime implements, and onnxruntime agreeing with PyTorch."""
import hashlib

import numpy as np
import torch

from models import WithSoftmax

# Sources/MoodMusicVision/ONNX/ONNXOperatorSet.swift, `supported`.
SWIFT_RUNTIME_OPERATORS = {
    "Conv", "BatchNormalization", "Relu", "Clip", "Add", "Sub", "Mul", "Div",
    "MaxPool", "AveragePool", "GlobalAveragePool", "ReduceMean", "Pad",
    "Gemm", "MatMul", "Flatten", "Reshape", "Squeeze", "Unsqueeze", "Transpose", "Softmax",
    "Identity", "Dropout", "Constant", "Shape", "Gather", "Concat", "Cast",
}


def export(net, path, opset=17):
    model = WithSoftmax(net).eval().float().cpu()
    example = torch.zeros(1, 1, 48, 48)
    arguments = dict(input_names=["x"], output_names=["y"], opset_version=opset,
                     dynamic_axes={"x": {0: "N"}, "y": {0: "N"}}, do_constant_folding=True)
    try:
        torch.onnx.export(model, (example,), path, dynamo=False, **arguments)
        exporter = "torchscript"
    except Exception as error:  # the TorchScript exporter may be gone from a future torch
        print(f"TorchScript export failed ({error}); trying the dynamo exporter")
        torch.onnx.export(model, (example,), path, dynamo=True, external_data=False, **arguments)
        exporter = "dynamo"
    return model, exporter


def check(model, path, images):
    """Operator set, file size, and max |onnxruntime − torch| on `images` (normalized float [B, 1, 48, 48], CPU)."""
    import onnx
    import onnxruntime as ort

    proto = onnx.load(path)
    onnx.checker.check_model(proto)
    operators = sorted({node.op_type for node in proto.graph.node})
    missing = sorted(set(operators) - SWIFT_RUNTIME_OPERATORS)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    (ours,) = session.run(None, {"x": images.numpy()})
    with torch.no_grad():
        reference = model(images).numpy()
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    return {"operators": operators, "unsupported_by_swift_runtime": missing,
            "onnxruntime_max_abs_difference": float(np.abs(ours - reference).max()), "sha256": digest}
