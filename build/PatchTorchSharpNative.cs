// Compiled by MSBuild's RoslynCodeTaskFactory (see TorchSharpCompat.targets); not part of any project.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class MelMagePatchTorchSharpNative : Task
{
    private const string NativeName = "libLibTorchSharp.so";
    private const string MissingVersion = "GLIBCXX_3.4.32";
    private const string MissingSymbol = "_ZSt21ios_base_library_initv";
    private const ushort VerFlagWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    [Required] public string SearchRoot { get; set; } = "";
    [Required] public string CompatSource { get; set; } = "";
    [Required] public string CompatLibrary { get; set; } = "";

    public override bool Execute()
    {
        if (!Directory.Exists(SearchRoot)) return true;
        var natives = Directory.EnumerateFiles(SearchRoot, NativeName, SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "cpu" + Path.DirectorySeparatorChar))
            .ToList();
        foreach (var native in natives)
        {
            if (!NeedsPatch(native))
            {
                Log.LogMessage(MessageImportance.Low, "TorchSharp compat: {0} loads as is.", native);
                continue;
            }
            if (!Patch(native)) return false;
            Log.LogMessage(MessageImportance.High, "TorchSharp compat: patched {0} for this system's libstdc++.", native);
        }
        // TorchSharp copies its natives into cpu/ beside the assembly when its first load fails; a stale copy from
        // before the patch would be probed again, so it goes.
        var stale = Path.Combine(SearchRoot, "cpu");
        if (natives.Count > 0 && File.Exists(Path.Combine(stale, NativeName)))
        {
            Directory.Delete(stale, recursive: true);
        }
        return !Log.HasLoggedErrors;
    }

    private bool NeedsPatch(string native)
    {
        var (code, output) = Run("ldd", native);
        if (code != 0) return false;
        return output.Split('\n').Any(line =>
            line.Contains("`" + MissingVersion + "' not found") && !line.Contains("weak version"));
    }

    private bool Patch(string native)
    {
        if (!EnsureCompatLibrary()) return false;
        var dir = Path.GetDirectoryName(native)!;
        var compatName = Path.GetFileName(CompatLibrary);
        File.Copy(CompatLibrary, Path.Combine(dir, compatName), overwrite: true);

        if (!Patchelf("--clear-symbol-version", MissingSymbol, native)) return false;
        var (_, needed) = Run("patchelf", "--print-needed", native);
        if (!needed.Split('\n').Any(l => l.Trim() == compatName)
            && !Patchelf("--add-needed", compatName, native)) return false;
        if (!Patchelf("--set-rpath", "$ORIGIN", native)) return false;
        if (!MarkVersionNeedWeak(native, MissingVersion)) return false;

        if (NeedsPatch(native))
        {
            Log.LogError("TorchSharp compat: {0} still needs {1} after patching.", native, MissingVersion);
            return false;
        }
        return true;
    }

    private bool EnsureCompatLibrary()
    {
        if (File.Exists(CompatLibrary) && File.GetLastWriteTimeUtc(CompatLibrary) >= File.GetLastWriteTimeUtc(CompatSource))
            return true;
        Directory.CreateDirectory(Path.GetDirectoryName(CompatLibrary)!);
        // Parallel project builds may race here: build to a private name, then rename into place.
        var temp = CompatLibrary + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var (code, output) = Run("g++", "-shared", "-fPIC", "-O2", "-o", temp, CompatSource);
        if (code != 0)
        {
            Log.LogError("TorchSharp compat: could not compile {0} with g++ (apt-get install g++): {1}", CompatSource, output);
            return false;
        }
        if (File.Exists(CompatLibrary)) File.Delete(CompatLibrary);
        File.Move(temp, CompatLibrary);
        return true;
    }

    private bool Patchelf(params string[] args)
    {
        var (code, output) = Run("patchelf", args);
        if (code == 0) return true;
        Log.LogError("TorchSharp compat: 'patchelf {0}' failed (apt-get install patchelf): {1}", string.Join(" ", args), output);
        return false;
    }

    /// <summary>Sets VER_FLG_WEAK on the Vernaux entry named <paramref name="version"/> in .gnu.version_r, so that
    /// the dynamic loader only warns when this libstdc++ does not define that version.</summary>
    private bool MarkVersionNeedWeak(string path, string version)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError("TorchSharp compat: {0} is not a 64-bit little-endian ELF file.", path);
            return false;
        }
        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)sh + 0x18);
            var link = BitConverter.ToUInt32(elf, (int)sh + 0x28);
            var count = BitConverter.ToUInt32(elf, (int)sh + 0x2C);
            var strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + link * shentsize) + 0x18);

            var need = offset;
            for (var n = 0; n < count; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadCString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == version)
                    {
                        var flags = (ushort)(BitConverter.ToUInt16(elf, (int)aux + 4) | VerFlagWeak);
                        BitConverter.GetBytes(flags).CopyTo(elf, (int)aux + 4);
                        File.WriteAllBytes(path, elf);
                        return true;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        Log.LogError("TorchSharp compat: no version need {0} found in {1}.", version, path);
        return false;
    }

    private static string ReadCString(byte[] data, long at)
    {
        var end = at;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)at, (int)(end - at));
    }

    private static (int Code, string Output) Run(string file, params string[] args)
    {
        // Inline tasks compile against netstandard2.0, which has no ArgumentList; no argument here holds a quote.
        var arguments = string.Join(" ", args.Select(a => "\"" + a + "\""));
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, file + ": " + e.Message);
        }
    }
}
