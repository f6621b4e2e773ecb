"""Draw the application icon: resources/icons/onevisit.png (256 px) and onevisit.ico.

    .venv/bin/python installer/make_icon.py

A blue rounded square with a white document and a red round seal — the
decision the back office issues. Drawn at 1024 px and scaled down, so the
small sizes of the ``.ico`` (16 … 256 px, what Windows shows in Explorer, the
taskbar and the Start menu) stay clean. The files are committed; run this
again only to change the design.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64),
             (128, 128), (256, 256)]

BLUE = (31, 78, 158, 255)
WHITE = (255, 255, 255, 255)
LINE = (150, 170, 205, 255)
RED = (200, 30, 36, 255)


def draw(size: int = 1024) -> Image.Image:
    s = size / 1024
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle([int(40 * s), int(40 * s), int(984 * s), int(984 * s)],
                        radius=int(190 * s), fill=BLUE)
    # the document, with a folded corner
    left, top, right, bottom, fold = 250 * s, 170 * s, 774 * s, 860 * s, 150 * s
    d.polygon([(left, top), (right - fold, top), (right, top + fold), (right, bottom),
               (left, bottom)], fill=WHITE)
    d.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=LINE)
    for i in range(4):
        y = (330 + i * 90) * s
        d.rounded_rectangle([int(320 * s), int(y), int((700 if i < 3 else 560) * s),
                             int(y + 34 * s)], radius=int(17 * s), fill=LINE)
    # the seal
    cx, cy, r = 600 * s, 690 * s, 150 * s
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=RED, width=max(1, int(44 * s)))
    star = r * 0.42
    d.ellipse([cx - star, cy - star, cx + star, cy + star], fill=RED)
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "onevisit.png", optimize=True)
    big.save(OUT / "onevisit.ico", sizes=ICO_SIZES)
    print(f"wrote {OUT / 'onevisit.png'} and {OUT / 'onevisit.ico'}")


if __name__ == "__main__":
    main()
