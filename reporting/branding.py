"""The municipality's logo and report colour (styrmodell.ReportStyle): the checks on what the administrator
uploads, and what the PDF templates need.

A logo is an image the PDF renderer will decode, so it is checked by its content, not its name: Pillow must
recognise it as a PNG or JPEG within the size limits, and it is re-encoded, which drops everything but the pixels
(EXIF with GPS positions, ICC profiles, comments, whatever follows the image data). The colour is used for headings
on white paper, so it must reach WCAG's 4.5:1 contrast against white.
"""

from __future__ import annotations

import base64
import io
import re
from typing import IO

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from styrmodell.models import ReportStyle

MAX_LOGO_BYTES = 1024 * 1024
MAX_LOGO_PIXELS = (2000, 2000)
# The formats Pillow may decode here; anything else is refused before it is decoded.
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_logo(file: IO[bytes]) -> tuple[bytes, str]:
    """The logo re-encoded (metadata stripped) and its MIME type; ValidationError with a message for the
    administrator when the file is too big, not a PNG or JPEG, or too large in pixels."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
    if size > MAX_LOGO_BYTES:
        raise ValidationError(
            _("The file is %(size)s; a logo may be at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_LOGO_BYTES)},
            code="too_large",
        )
    not_image = ValidationError(_("The file is not a PNG or JPEG image."), code="not_image")
    file.seek(0)
    try:
        with Image.open(file, formats=list(LOGO_FORMATS)) as image:
            if image.width > MAX_LOGO_PIXELS[0] or image.height > MAX_LOGO_PIXELS[1]:
                raise ValidationError(
                    _(
                        "The image is %(width)s × %(height)s pixels; a logo may be at most %(max_w)s × %(max_h)s."
                    )
                    % {
                        "width": image.width,
                        "height": image.height,
                        "max_w": MAX_LOGO_PIXELS[0],
                        "max_h": MAX_LOGO_PIXELS[1],
                    },
                    code="too_many_pixels",
                )
            image.load()
            kind = image.format
            return _reencode(image, kind), LOGO_FORMATS[kind]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_image from None
    finally:
        file.seek(0)


def _reencode(image: Image.Image, kind: str) -> bytes:
    """Only the pixels: a new image of the same mode and size, saved without any of the source's metadata."""
    if kind == "JPEG":
        clean = image.convert("RGB")
    else:
        mode = image.mode if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else "RGBA"
        clean = image.convert(mode)
    pixels = Image.new(clean.mode, clean.size)
    if clean.mode == "P":
        pixels.putpalette(clean.getpalette() or [])
        if "transparency" in clean.info:
            pixels.info["transparency"] = clean.info["transparency"]
    pixels.paste(clean)
    out = io.BytesIO()
    if kind == "JPEG":
        pixels.save(out, format="JPEG", quality=90)
    else:
        options = {"transparency": pixels.info["transparency"]} if "transparency" in pixels.info else {}
        pixels.save(out, format="PNG", optimize=True, **options)
    return out.getvalue()


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of a #rrggbb colour."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(colour: str) -> float:
    return 1.05 / (relative_luminance(colour) + 0.05)


def check_colour(value: str) -> str:
    """The colour in lower case; ValidationError unless it is #rrggbb with at least 4.5:1 against white."""
    value = (value or "").strip()
    if not HEX_COLOUR.match(value):
        raise ValidationError(
            _("Write the colour as # followed by six hexadecimal digits, for example #1f3a5f."), code="format"
        )
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        raise ValidationError(
            _(
                "The colour has a contrast of %(ratio)s:1 against white; headings need at least 4.5:1. "
                "Choose a darker colour."
            )
            % {"ratio": f"{ratio:.1f}".replace(".", ",")},
            code="contrast",
        )
    return value.lower()


class ReportStyleForm(forms.Form):
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy("PNG or JPEG, at most 1 MB and 2000 × 2000 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=gettext_lazy("Remove the logo"), required=False)
    colour = forms.CharField(
        label=gettext_lazy("Report colour"),
        max_length=7,
        help_text=gettext_lazy("Used for headings and the cover; at least 4.5:1 contrast against white."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": "8"}),
    )

    def clean_logo(self) -> tuple[bytes, str] | None:
        file = self.cleaned_data.get("logo")
        return check_logo(file) if file else None

    def clean_colour(self) -> str:
        return check_colour(self.cleaned_data.get("colour", ""))


def logo_data_url(style: ReportStyle) -> str:
    """The logo as a `data:` URL (the only kind of URL the PDF renderer fetches besides our static files)."""
    if not style.logo or style.logo_type not in LOGO_FORMATS.values():
        return ""
    return f"data:{style.logo_type};base64,{base64.b64encode(bytes(style.logo)).decode('ascii')}"


def pdf_style() -> dict[str, str]:
    """What the report templates need: the heading colour and the logo's data URL (one query)."""
    style = ReportStyle.current()
    colour = style.colour if HEX_COLOUR.match(style.colour or "") else ReportStyle.DEFAULT_COLOUR
    return {"colour": colour, "logo": logo_data_url(style)}
