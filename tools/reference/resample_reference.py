#!/usr/bin/env python3
"""Inputs for comparing resamplers on what the model sees (docs/audio.md; read by tools/AudioBench `mel`).

For every 16th ESC-50 dev clip (sorted by name; 41 clips) it writes, as float32 .npy:
    <clip>.48k.npy   the clip brought to 48 kHz by torchaudio.functional.resample (its default windowed sinc)
    <clip>.mel.npy   torchaudio's log-mel of the original 44.1 kHz clip, the default MelMage configuration
A resampler that brings the 48 kHz copy back to 44.1 kHz well reproduces the second from the first.

Run (Debian's python3-torchaudio):  /usr/bin/python3 tools/reference/resample_reference.py OUT_DIR [ESC50_AUDIO_DIR]
"""
import pathlib
import sys
import wave

import numpy as np
import torch
import torchaudio

out = pathlib.Path(sys.argv[1])
audio = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else pathlib.Path(__file__).resolve().parents[3] / "shared/data/esc50-dev/audio"
out.mkdir(parents=True, exist_ok=True)
mel = torchaudio.transforms.MelSpectrogram(sample_rate=44100, n_fft=1024, hop_length=512, n_mels=128, f_min=0.0,
                                           f_max=22050.0)
to_db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)
for path in sorted(audio.glob("*.wav"))[::16]:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2 and w.getframerate() == 44100
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, w.getnchannels()).mean(axis=1)
    x = torch.from_numpy((x / 32768.0).astype(np.float32))
    with torch.no_grad():
        np.save(out / f"{path.stem}.48k.npy", np.ascontiguousarray(torchaudio.functional.resample(x, 44100, 48000).numpy(), dtype=np.float32))
        np.save(out / f"{path.stem}.mel.npy", np.ascontiguousarray(to_db(mel(x)).numpy(), dtype=np.float32))
print(f"wrote {len(list(out.glob('*.mel.npy')))} clips to {out}")
