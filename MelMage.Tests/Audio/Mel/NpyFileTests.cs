using System.Text;
using MelMage.Audio.IO;
using MelMage.Tests.Infrastructure;

namespace MelMage.Tests.Audio.Mel;

public sealed class NpyFileTests
{
    [Fact]
    public void Read_NumpyWrittenFixture_HasNumpysShapeAndValues()
    {
        // fbank44k.npy was written by numpy.save; torchaudio's fb[6, 10] is 0.36080488562583923.
        var array = MelFixtures.Load("fbank44k.npy");

        Assert.Equal([513, 128], array.Shape);
        Assert.Equal(0.36080488562583923f, array.Data[6 * 128 + 10]);
    }

    [Fact]
    public void Write_NumpysArray_ReproducesNumpysFileByteForByte()
    {
        var path = TestPaths.Fixture("mel", "fbank44k.npy");
        var array = NpyFile.Read(path);
        using var stream = new MemoryStream();

        NpyFile.Write(stream, array.Data, array.Shape);

        Assert.Equal(File.ReadAllBytes(path), stream.ToArray());
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 2, 3 })]
    [InlineData(new[] { 2, 0, 4 })]
    public void Write_ThenRead_RoundTripsShapeAndValues(int[] shape)
    {
        var data = Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(i => i * 0.5f - 1).ToArray();
        using var stream = new MemoryStream();

        NpyFile.Write(stream, data, shape);
        stream.Position = 0;
        var array = NpyFile.Read(stream);

        Assert.Equal(shape, array.Shape);
        Assert.Equal(data, array.Data);
    }

    [Theory]
    [InlineData(new[] { 5 }, "(5,)")]
    [InlineData(new[] { 128, 431 }, "(128, 431)")]
    public void Write_Header_IsNumpyFormatAlignedTo64Bytes(int[] shape, string tuple)
    {
        using var stream = new MemoryStream();

        NpyFile.Write(stream, new float[shape.Aggregate(1, (a, b) => a * b)], shape);

        var bytes = stream.ToArray();
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], bytes[..8]);
        var headerLength = bytes[8] | bytes[9] << 8;
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.StartsWith($"{{'descr': '<f4', 'fortran_order': False, 'shape': {tuple}, }}", header);
        Assert.EndsWith("\n", header);
    }

    [Theory]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }")]
    public void Read_UnsupportedHeader_ThrowsInvalidData(string header)
    {
        using var stream = new MemoryStream(WithHeader(header, new byte[8]));

        Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
    }

    [Fact]
    public void Read_TruncatedData_ThrowsInvalidData()
    {
        using var stream = new MemoryStream(WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
            new byte[8]));

        Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
    }

    [Fact]
    public void Read_NotNpy_ThrowsInvalidData()
    {
        using var stream = new MemoryStream("RIFF....WAVEfmt "u8.ToArray());

        Assert.Throws<InvalidDataException>(() => NpyFile.Read(stream));
    }

    [Fact]
    public void Write_ShapeDisagreesWithData_Throws()
    {
        Assert.Throws<ArgumentException>(() => NpyFile.Write(new MemoryStream(), new float[5], [2, 3]));
    }

    private static byte[] WithHeader(string header, byte[] data)
    {
        var text = Encoding.ASCII.GetBytes(header + "\n");
        byte[] preamble = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0,
            (byte)text.Length, (byte)(text.Length >> 8)];
        return [.. preamble, .. text, .. data];
    }
}
