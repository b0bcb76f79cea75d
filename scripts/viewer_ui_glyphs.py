#!/usr/bin/env python3
"""Regenerates viewer/backends/ui_glyphs.hpp: the non-Latin characters of the viewer's UI text."""
import glob, pathlib
root = pathlib.Path(__file__).resolve().parent.parent
chars = set()
for f in glob.glob(str(root / 'viewer/core/*.cpp')) + glob.glob(str(root / 'viewer/backends/*.cpp')):
    chars.update(ch for ch in open(f, encoding='utf-8').read() if ord(ch) > 0x2000)
text = ''.join(sorted(chars))
(root / 'viewer/backends/ui_glyphs.hpp').write_text('''#pragma once
// Every non-Latin character the viewer's own UI uses, so the font atlas holds them even when
// they are outside ImGui's "common Chinese" set (辑, 栅, 溺 …). Regenerate after changing UI text:
//   python3 scripts/viewer_ui_glyphs.py
inline constexpr const char* kUiGlyphs = "%s";
''' % text, encoding='utf-8')
