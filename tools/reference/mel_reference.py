#!/usr/bin/env python3
"""Regenerates the torchaudio reference fixtures for MelMage's log-mel front end.

MelMage computes its log-mel spectrogram in pure C#; the tests compare it with the numbers torchaudio produces. This
script is the only place those numbers come from. Neither the product nor the test run needs Python: the fixtures it
writes are committed, and this script exists only to regenerate (and audit) them.

Run (from the repository root, with Debian's python3-torch 1.13 + python3-torchaudio 0.13 or any later pair):

    /usr/bin/python3 tools/reference/mel_reference.py [--audio DIR] [--out DIR]

    --audio  ESC-50 audio folder (default: ../shared/data/esc50-dev/audio beside the checkout)
    --out    fixture folder (default: MelMage.Tests/Fixtures/mel)

What it writes (every array is a little-endian float32 C-order .npy, NPY format v1.0):

    <clip>.npy                 log-mel dB [n_mels, frames] of an ESC-50 clip, default configuration (44.1 kHz)
    <clip>.f32.npy             (only for clips listed in FLOAT32_CLIPS) the same computed in float32
    <clip>.samples.npy         (only for clips listed in STORE_SAMPLES) the decoded samples the mel was computed from
    chirp44k.samples.npy       synthetic logarithmic chirp (numpy, float32)
    chirp44k.npy               its log-mel, default configuration
    mix22k.samples.npy / .npy  two tones + noise at 22.05 kHz, configuration sr 22050, f_max 11025
    odd16k.samples.npy / .npy  noise burst + tone at 16 kHz with n_fft 512, hop 160, 40 mels, f_min 30, f_max 7000
                               (hop does not divide n_fft, f_min > 0: every option is exercised)
    short44k.samples.npy/.npy  300 samples (shorter than n_fft/2 + 1, where torch.stft refuses reflect padding),
                               referenced as numpy's repeated reflection np.pad(x, n_fft//2, "reflect") followed by
                               torch.stft(center=False): the behaviour MelMage documents for short inputs
    fbank44k.npy               torchaudio.functional.melscale_fbanks (float32) for the default configuration,
                               [n_freqs, n_mels]
    configs.txt                the configuration of every fixture, for humans

Clips are read with the `wave` module (16-bit PCM → float32 / 32768, channels averaged), never with torchaudio.load,
so the reference does not depend on which audio backend torchaudio finds.

Precision: the `<name>.npy` references are torchaudio's own transform run in float64 (window, filterbank, STFT and
matmul all in double: the default dtype is float64 while the transform is built), then stored as float32 dB. They are
the definition, computed by torchaudio. The same transform in float32 (what a training pipeline feeds the model)
carries its own rounding noise: measured here, up to 0.05 dB on real clips and 2.5 dB on the synthetic chirp, in cells
roughly 80 to 140 dB below their frame's loudest band, where an FFT in float32 cannot resolve the power (within 80 dB
of the frame maximum it stays below 0.004 dB). No implementation can match float32 torch to 0.01 dB in those cells, so
the tests hold MelMage to 0.01 dB against the float64 references everywhere, and against the float32 reference
(`<clip>.f32.npy`) to 0.01 dB within 80 dB of each frame's maximum. The script prints both gaps.
"""
import argparse
import os
import wave

import numpy as np
import torch
import torchaudio

# Clips of different character from ESC-50 fold 4 (CC BY-NC 3.0, K. J. Piczak).
CLIPS = [
    "4-182395-A-0.wav",   # dog: 83 % digital silence (exact zeros) after the barks
    "4-204777-C-39.wav",  # glass breaking: loud and noisy (RMS 0.45)
    "4-209536-A-37.wav",  # clock alarm: tonal
]
# Clips whose decoded samples are stored too, so a parity test does not need a WAV decoder.
STORE_SAMPLES: list[str] = []
# Clips whose float32 torchaudio result is stored too (the tonal clip has the largest float32 rounding noise).
FLOAT32_CLIPS = ["4-209536-A-37.wav"]

DEFAULT = dict(sample_rate=44100, n_fft=1024, hop_length=512, n_mels=128, f_min=0.0, f_max=22050.0)
CONFIG_22K = dict(sample_rate=22050, n_fft=1024, hop_length=512, n_mels=128, f_min=0.0, f_max=11025.0)
CONFIG_ODD = dict(sample_rate=16000, n_fft=512, hop_length=160, n_mels=40, f_min=30.0, f_max=7000.0)


def log_mel(samples: np.ndarray, config: dict, dtype=torch.float32) -> np.ndarray:
    """torchaudio MelSpectrogram (its defaults otherwise: periodic Hann, centred reflect padding, power 2, HTK,
    norm None) followed by AmplitudeToDB (power, amin 1e-10, ref 1, top_db None)."""
    # The default dtype reaches torch.linspace and hann_window inside the constructor: in float64 the filterbank and
    # window are then computed in double too, not computed in float32 and widened.
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        mel = torchaudio.transforms.MelSpectrogram(**config)
    finally:
        torch.set_default_dtype(previous)
    assert mel.mel_scale.fb.dtype == dtype and mel.spectrogram.window.dtype == dtype
    to_db = torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)
    with torch.no_grad():
        return to_db(mel(torch.from_numpy(samples).to(dtype))).numpy()


def log_mel_short(samples: np.ndarray, config: dict) -> np.ndarray:
    """The same transform (in float64) for inputs too short for torch's reflect padding: numpy's repeated reflection
    first, then the uncentred STFT."""
    n_fft = config["n_fft"]
    padded = np.pad(samples, n_fft // 2, mode="reflect")
    spec = torch.stft(torch.from_numpy(padded), n_fft=n_fft, hop_length=config["hop_length"],
                      window=torch.hann_window(n_fft, dtype=torch.float64), center=False,
                      return_complex=True).abs().pow(2)
    torch.set_default_dtype(torch.float64)
    try:
        fb = torchaudio.functional.melscale_fbanks(n_fft // 2 + 1, config["f_min"], config["f_max"],
                                                   config["n_mels"], config["sample_rate"], None, "htk")
    finally:
        torch.set_default_dtype(torch.float32)
    mel = torch.matmul(spec.transpose(-1, -2), fb).transpose(-1, -2)
    return torchaudio.transforms.AmplitudeToDB(stype="power", top_db=None)(mel).numpy()


def read_wav(path: str) -> np.ndarray:
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16-bit PCM")
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").reshape(-1, w.getnchannels())
    return (pcm.astype(np.float32) / 32768.0).mean(axis=1, dtype=np.float32)


def save(out: str, name: str, array: np.ndarray) -> None:
    np.save(os.path.join(out, name), np.ascontiguousarray(array, dtype="<f4"))


def main() -> None:
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audio", default=os.path.join(root, "..", "shared", "data", "esc50-dev", "audio"))
    parser.add_argument("--out", default=os.path.join(root, "MelMage.Tests", "Fixtures", "mel"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(20261124)
    lines = []

    def emit(name: str, samples: np.ndarray, config: dict, store_samples: bool, store_float32: bool = False) -> None:
        db32 = log_mel(samples, config)
        db = log_mel(samples.astype(np.float64), config, torch.float64)
        save(args.out, name + ".npy", db)
        if store_float32:
            save(args.out, name + ".f32.npy", db32)
        if store_samples:
            save(args.out, name + ".samples.npy", samples)
        lines.append(f"{name}: {config} shape {list(db.shape)}" + (" (+ .f32)" if store_float32 else ""))
        within80 = db - db.max(axis=0, keepdims=True) >= -80
        gap = np.abs(db32 - db)
        print(f"{name:22s} {db.shape}  min {db.min():8.2f} max {db.max():7.2f} dB  |float32 - float64| max "
              f"{gap.max():.2e} dB, within 80 dB of the frame max {gap[within80].max():.2e} dB")

    for clip in CLIPS:
        emit(clip[:-4], read_wav(os.path.join(args.audio, clip)), DEFAULT, clip in STORE_SAMPLES,
             clip in FLOAT32_CLIPS)

    # 1 s logarithmic chirp 40 Hz → 20 kHz at half scale.
    sr = DEFAULT["sample_rate"]
    t = np.arange(sr) / sr
    f0, f1 = 40.0, 20000.0
    k = np.log(f1 / f0)
    chirp = 0.5 * np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    emit("chirp44k", chirp.astype(np.float32), DEFAULT, True)

    # 1.5 s at 22.05 kHz: 440 Hz + 3 kHz tones over quiet white noise.
    sr = CONFIG_22K["sample_rate"]
    t = np.arange(int(1.5 * sr)) / sr
    mix = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3000 * t) + 0.01 * rng.standard_normal(t.size)
    emit("mix22k", mix.astype(np.float32), CONFIG_22K, True)

    # 1 s at 16 kHz: a 1 kHz tone with a noise burst in the middle; 10001 samples so the last hop is partial.
    sr = CONFIG_ODD["sample_rate"]
    t = np.arange(10001) / sr
    odd = 0.2 * np.sin(2 * np.pi * 1000 * t)
    odd[4000:6000] += 0.3 * rng.standard_normal(2000)
    emit("odd16k", odd.astype(np.float32), CONFIG_ODD, True)

    short = (0.4 * np.sin(2 * np.pi * 2000 * np.arange(300) / DEFAULT["sample_rate"])
             + 0.05 * rng.standard_normal(300)).astype(np.float32)
    save(args.out, "short44k.samples.npy", short)
    save(args.out, "short44k.npy", log_mel_short(short.astype(np.float64), DEFAULT))
    lines.append(f"short44k: {DEFAULT} (np.pad reflect + stft center=False)")

    fb = torchaudio.functional.melscale_fbanks(DEFAULT["n_fft"] // 2 + 1, DEFAULT["f_min"], DEFAULT["f_max"],
                                               DEFAULT["n_mels"], DEFAULT["sample_rate"], None, "htk")
    save(args.out, "fbank44k.npy", fb.numpy())
    lines.append(f"fbank44k: melscale_fbanks {DEFAULT} shape {list(fb.shape)}")

    with open(os.path.join(args.out, "configs.txt"), "w") as f:
        f.write(f"# Written by tools/reference/mel_reference.py with torch {torch.__version__}, "
                f"torchaudio {torchaudio.__version__}\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
