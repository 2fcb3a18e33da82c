"""Augmentation on the GPU, one batch at a time, from a seeded generator (no data-loader workers)."""
import math

import torch
import torch.nn.functional as F


def augment(x, generator, erase_probability=0.5):
    """x: normalized [B, 1, 48, 48] float on the device. Random affine (rotation ±15°, scale ±15%, shift ±12%),
    horizontal flip, brightness and contrast, random erasing."""
    b, device = x.shape[0], x.device

    def uniform(low, high, *shape):
        return torch.rand(*shape or (b,), generator=generator, device=device) * (high - low) + low

    angle = uniform(-15, 15) * math.pi / 180
    scale = uniform(0.85, 1.15)
    shift = uniform(-0.24, 0.24, b, 2)  # 12% of the side; affine_grid coordinates span 2
    flip = (torch.rand(b, generator=generator, device=device) < 0.5).float() * -2 + 1
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([
        torch.stack([cos * flip, -sin, shift[:, 0]], dim=1),
        torch.stack([sin * flip, cos, shift[:, 1]], dim=1),
    ], dim=1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    brightness = uniform(-0.25, 0.25).view(b, 1, 1, 1)
    contrast = uniform(0.7, 1.3).view(b, 1, 1, 1)
    mean = x.mean(dim=(2, 3), keepdim=True)
    x = ((x - mean) * contrast + mean + brightness).clamp(-1, 1)

    # Random erasing: one rectangle of 2-20% of the area, filled with noise, on half the images.
    area = uniform(0.02, 0.2)
    aspect = torch.exp(uniform(math.log(0.3), math.log(3.3)))
    h = (torch.sqrt(area * aspect) * 48).clamp(1, 47)
    w = (torch.sqrt(area / aspect) * 48).clamp(1, 47)
    top = uniform(0, 1) * (48 - h)
    left = uniform(0, 1) * (48 - w)
    rows = torch.arange(48, device=device).view(1, 48, 1)
    cols = torch.arange(48, device=device).view(1, 1, 48)
    inside = (rows >= top.view(b, 1, 1)) & (rows < (top + h).view(b, 1, 1)) & \
             (cols >= left.view(b, 1, 1)) & (cols < (left + w).view(b, 1, 1))
    chosen = torch.rand(b, generator=generator, device=device) < erase_probability
    mask = (inside & chosen.view(b, 1, 1)).unsqueeze(1)
    noise = torch.rand(x.shape, generator=generator, device=device) * 2 - 1
    return torch.where(mask, noise, x)


def tta_views(x):
    """Test-time views: the image, its mirror, and 2-pixel shifts of both (edges replicated)."""
    views = [x, x.flip(3)]
    padded = F.pad(x, (2, 2, 2, 2), mode="replicate")
    for dy, dx in ((0, 2), (4, 2), (2, 0), (2, 4)):
        shifted = padded[:, :, dy:dy + 48, dx:dx + 48]
        views += [shifted, shifted.flip(3)]
    return views
