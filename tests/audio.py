"""Takes for Chromium's fake microphone: speech-like bursts and known silences, as a WAV file.

A burst is a voiced sound (a 140 Hz fundamental with six harmonics, its pitch drifting) cut into
words: 200 ms on, 200 ms off (a gap between words the page must count as speech); it starts and
ends on a word, so the voice in the file lasts exactly the burst's length. The silences are
digital zero. Chromium plays the file into ``getUserMedia`` from the moment the page opens the
microphone (``--use-file-for-fake-audio-capture=<file>%noloop``: once, then silence).
"""

from __future__ import annotations

import math
import struct
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

RATE = 48_000
SYLLABLE = 0.4
VOICED = 0.2
"""Each word: 200 ms of voice, then 200 ms quiet (shorter than the page's 0.3 s bridge)."""


@dataclass(frozen=True, slots=True)
class Take:
    plan: tuple[tuple[str, float], ...]
    """("voice" | "quiet", seconds), in order."""

    @property
    def length(self) -> float:
        return sum(s for _kind, s in self.plan)

    @property
    def speaking(self) -> float:
        return sum(s for kind, s in self.plan if kind == "voice")

    def pauses(self, longer_than: float) -> list[float]:
        """Silences between two bursts longer than ``longer_than`` seconds."""
        inner = self.plan[1:-1] if self.plan and self.plan[0][0] == "quiet" else self.plan[:-1]
        return [s for kind, s in inner if kind == "quiet" and s > longer_than]

    @property
    def span(self) -> float:
        """From the first burst's start to the last one's end."""
        kinds = [k for k, _s in self.plan]
        first = kinds.index("voice")
        last = len(kinds) - 1 - kinds[::-1].index("voice")
        return sum(s for _k, s in self.plan[first : last + 1])


def burst_seconds(syllables: int) -> float:
    """A burst of this many words, ending as the last one ends."""
    return round(syllables * SYLLABLE - (SYLLABLE - VOICED), 3)


def _voice(seconds: float, amplitude: float) -> list[float]:
    out = []
    for i in range(round(seconds * RATE)):
        t = i / RATE
        on = (t % SYLLABLE) < VOICED
        if not on:
            out.append(0.0)
            continue
        f0 = 140 + 20 * math.sin(2 * math.pi * 0.7 * t)
        wave_ = sum(math.sin(2 * math.pi * f0 * k * t) / k for k in range(1, 8))
        out.append(amplitude * wave_ / 2.6)
    return out


def write_take(path: Path, plan: Sequence[tuple[str, float]], amplitude: float = 0.3) -> Take:
    samples: list[float] = []
    for kind, seconds in plan:
        samples += _voice(seconds, amplitude) if kind == "voice" else [0.0] * round(seconds * RATE)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(
            b"".join(struct.pack("<h", round(max(-1.0, min(1.0, x)) * 32767)) for x in samples)
        )
    return Take(tuple(plan))


def fake_microphone(wav: Path) -> list[str]:
    """Chromium's flags for a microphone that plays ``wav`` once."""
    return [
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
    ]
