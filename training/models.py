"""The teachers (a VGG-style net and a CIFAR-style ResNet-18) and the compact student.

The student is built from what the Swift ONNX runtime runs fast: 3x3 convolutions (im2col + sgemm),
BatchNormalization (folded into them at load), ReLU, a global average pool and one linear layer.
About 41 M multiply-adds per 48x48 face.
"""
import torch
import torch.nn as nn


def conv_bn(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class VGGNet(nn.Module):
    """VGG-style: four stages of two or three 3x3 conv-BN-ReLU, max pooling between (about 10 M parameters)."""

    def __init__(self, classes=7):
        super().__init__()
        layers, cin = [], 1
        for width, depth in ((64, 2), (128, 2), (256, 3), (512, 3)):
            for _ in range(depth):
                layers.append(conv_bn(cin, width))
                cin = width
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(512 * 3 * 3, 512), nn.ReLU(inplace=True),
                                  nn.Dropout(0.3), nn.Linear(512, classes))

    def forward(self, x):
        return self.head(self.features(x))


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet(nn.Module):
    def __init__(self, widths, blocks, stem, classes=7):
        super().__init__()
        self.stem = stem
        layers, cin = [], widths[0]
        for index, (width, count) in enumerate(zip(widths, blocks)):
            for block in range(count):
                layers.append(BasicBlock(cin, width, 2 if block == 0 and index > 0 else 1))
                cin = width
        self.layers = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        return self.fc(self.layers(self.stem(x)).mean(dim=(2, 3)))


def resnet18():
    """CIFAR-style ResNet-18 at 48x48 (3x3 stem, no max pool): about 11 M parameters, 0.56 GFLOP per face."""
    return ResNet((64, 128, 256, 512), (2, 2, 2, 2), conv_bn(1, 64))


def student():
    """Stem at 48x48 then stride 2 to 24x24; stages of 32, 64, 128, 256 channels at 24, 12, 6, 3 pixels."""
    stem = nn.Sequential(conv_bn(1, 32), conv_bn(32, 32, stride=2))
    return ResNet((32, 64, 128, 256), (1, 1, 1, 1), stem)


class WithSoftmax(nn.Module):
    """What is exported: probabilities, as the service reports them."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.softmax(self.net(x), dim=1)


def multiply_adds(net, side=48):
    """Multiply-adds of the convolutions and linear layers for one face."""
    total, hooks = 0, []

    def count(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            total += output.numel() // output.shape[0] * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        elif isinstance(module, nn.Linear):
            total += module.in_features * module.out_features

    for module in net.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            hooks.append(module.register_forward_hook(count))
    was_training = net.training
    net.eval()
    with torch.no_grad():
        net(torch.zeros(1, 1, side, side, device=next(net.parameters()).device))
    net.train(was_training)
    for hook in hooks:
        hook.remove()
    return total
