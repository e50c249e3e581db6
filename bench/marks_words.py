#!/usr/bin/env python3
"""Measures where the change marks of the seed's 変更履歴 start and end, against word boundaries.

Usage: slagen history specs/synergy/*.sla specs/synergy-link/*.sla --format json > h.json
       python3 bench/marks_words.py h.json [--snap-lindera]

The judge is Lindera with its embedded IPADIC (`pip install lindera-python-ipadic`), its
morphemes joined into the long words a reader sees: a kanji noun after a kanji noun (停止+時間),
suffixes (使用+率), auxiliary verbs (生じ+た) and anything after a prefix join the word before;
particles, conjunctions, numbers, symbols and punctuation stand alone, and so does each part of
a compound of different scripts (ネットワーク|機器), which an edit can change on its own. A mark edge that is not a boundary of those words
"cuts a word". `--snap-lindera` first widens every mark to those boundaries, which is what
embedding a dictionary segmenter in slagen would do, and reports the same figures for it.
Printed: mark edges, edges that cut a word (with the cut words), and marked characters.
"""
import json
import sys

import lindera

TOKENIZER = lindera.Tokenizer(lindera.load_dictionary("embedded://ipadic"), mode="normal")


def is_kanji(c):
    return "\u4e00" <= c <= "\u9fff" or c in "々〆"


def is_letter(c):
    return is_kanji(c) or "\u3041" <= c <= "\u30ff"


def boundaries(text):
    """Character offsets between long words (0 and len included)."""
    cuts = {0, len(text)}
    pos = 0
    prev = None
    for tok in TOKENIZER.tokenize(text):
        surface = tok.surface
        pos_ = tok.details[0] if tok.details else ""
        sub = tok.details[1] if tok.details and len(tok.details) > 1 else ""
        letters = all(is_letter(c) for c in surface)
        joins = prev is not None and letters and prev[2] and (
            pos_ == "助動詞"
            or sub == "接尾"
            or prev[0] == "接頭詞"
            or (pos_ == "名詞" and prev[0] == "名詞" and sub not in ("代名詞", "数")
                and prev[1] != "数" and all(is_kanji(c) for c in surface + prev[3]))
            or (pos_ == "動詞" and sub == "非自立")
        )
        if not joins:
            cuts.add(pos)
        pos += len(surface)
        prev = (pos_, sub, letters, surface)
    cuts.add(pos)
    # Spaces are boundaries on both sides, whatever token carries them.
    for i, c in enumerate(text):
        if c.isspace():
            cuts.update((i, i + 1))
    return cuts


def spans(line):
    out, pos = [], 0
    for seg in line:
        n = len(seg["text"])
        if seg["changed"]:
            out.append([pos, pos + n])
        pos += n
    return out


def main():
    page = json.load(open(sys.argv[1]))
    snap = "--snap-lindera" in sys.argv
    edges = cuts = marked = 0
    cut_words = []
    for spec in page["specs"]:
        for rev in spec["revisions"]:
            for item in rev["items"]:
                for row in item["rows"]:
                    for side in ("old", "new"):
                        for line in row[side]["lines"]:
                            text = "".join(s["text"] for s in line)
                            if not any(s["changed"] for s in line) or all(s["changed"] for s in line):
                                marked += sum(len(s["text"]) for s in line if s["changed"])
                                continue
                            b = boundaries(text)
                            for s, e in spans(line):
                                if snap:
                                    while s not in b:
                                        s -= 1
                                    while e not in b:
                                        e += 1
                                marked += e - s
                                for p in (s, e):
                                    if p in (0, len(text)):
                                        continue
                                    edges += 1
                                    if p not in b:
                                        cuts += 1
                                        left = max(x for x in b if x < p)
                                        right = min(x for x in b if x > p)
                                        cut_words.append(text[left:p] + "|" + text[p:right])
    print(f"mark edges inside lines: {edges}")
    print(f"edges that cut a word:   {cuts}  {' '.join(cut_words)}")
    print(f"marked characters:       {marked}")


main()
