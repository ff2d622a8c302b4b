using System.Text;
using ImagingPipeline.TestSupport.Environment;
using Xunit;

namespace ImagingPipeline.Dicom.Tests.Text;

public sealed class CharacterSetTests
{
    private static DicomDataset Charset(string name) => DicomFile.Open(
        Requirements.Path(Path.Combine(RepositoryPaths.PydicomCharsetFiles, name), "pydicom charset file")).Dataset;

    [Theory]
    [InlineData("chrArab.dcm", "قباني^لنزار")]
    [InlineData("chrFren.dcm", "Buc^Jérôme")]
    [InlineData("chrGerm.dcm", "Äneas^Rüdiger")]
    [InlineData("chrGreek.dcm", "Διονυσιος")]
    [InlineData("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう")]
    [InlineData("chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう")]
    [InlineData("chrHbrw.dcm", "שרון^דבורה")]
    [InlineData("chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동")]
    [InlineData("chrRuss.dcm", "Люкceмбypг")]
    [InlineData("chrX1.dcm", "Wang^XiaoDong=王^小東=")]
    [InlineData("chrX2.dcm", "Wang^XiaoDong=王^小东=")]
    public void Patient_names_decode_with_their_character_sets(string file, string name) =>
        Assert.Equal(name, Charset(file).GetString(DicomTag.PatientName));

    [Fact]
    public void Every_text_value_of_the_charset_files_encodes_back_to_the_same_bytes()
    {
        var checkedValues = 0;
        foreach (var path in Directory.EnumerateFiles(Requirements.Path(RepositoryPaths.PydicomCharsetFiles, "pydicom charset files"), "*.dcm"))
        {
            checkedValues += CheckEncodesBack(Path.GetFileName(path), DicomFile.Open(path).Dataset);
        }

        Assert.True(checkedValues > 100, $"only {checkedValues} values checked");
    }

    private static int CheckEncodesBack(string file, DicomDataset dataset)
    {
        var count = 0;
        foreach (var element in dataset)
        {
            if (element is DicomSequence sequence)
            {
                count += sequence.Items.Sum(item => CheckEncodesBack(file, item));
                continue;
            }

            if (!DicomVRInfo.UsesCharacterSet(element.VR))
            {
                continue;
            }

            var original = element.Data.Span.TrimEnd(" \0"u8).ToArray();
            var text = dataset.CharacterSet.Decode(original, element.VR);
            var encoded = dataset.CharacterSet.Encode(text, element.VR);

            // Returning from a Kanji set, writers use ESC ( J (JIS X 0201 Romaji, the initial G0 of ISO 2022 IR 13)
            // or ESC ( B (ASCII); both read the same, and the encoder returns to the initial set. Some writers also
            // write ESC ( B before delimiters when G0 never changed; the encoder writes no such no-op.
            Assert.True(Normalize(original) == Normalize(encoded),
                $"{file} {element.Tag}: '{text}' encodes to {Convert.ToHexString(encoded)}, not {Convert.ToHexString(original)}");
            Assert.Equal(text, dataset.CharacterSet.Decode(encoded, element.VR));
            count++;
        }

        return count;
    }

    /// <summary>The bytes with ESC ( J written as ESC ( B, and returns to a single-byte G0 that was never left dropped.</summary>
    private static string Normalize(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length);
        var twoByteG0 = false;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0x1B && i + 2 < bytes.Length && bytes[i + 1] == 0x28 && bytes[i + 2] is 0x42 or 0x4A)
            {
                if (twoByteG0)
                {
                    output.AddRange([0x1B, 0x28, 0x42]);
                }

                twoByteG0 = false;
                i += 2;
                continue;
            }

            if (bytes[i] == 0x1B && i + 2 < bytes.Length && bytes[i + 1] == 0x24 && bytes[i + 2] is 0x42 or 0x28)
            {
                twoByteG0 = true;
            }

            output.Add(bytes[i]);
        }

        return Convert.ToHexString(output.ToArray());
    }

    [Fact]
    public void Iso_2022_japanese_is_written_with_escapes_returning_to_the_initial_set_at_each_delimiter()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "", "ISO 2022 IR 87");
        ds.AddOrUpdate(DicomTag.PatientName, "Yamada^Tarou=山田^太郎");
        var expected = "Yamada^Tarou=\u001b$B;3ED\u001b(B^\u001b$BB@O:\u001b(B"u8.ToArray();
        Assert.Equal(expected, ds.GetBytes(DicomTag.PatientName).ToArray());
        Assert.Equal("Yamada^Tarou=山田^太郎", ds.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Iso_2022_korean_and_chinese_designate_g1_for_each_component()
    {
        var korean = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "", "ISO 2022 IR 149");
        korean.AddOrUpdate(DicomTag.PatientName, "Hong^Gildong=洪^吉洞=홍^길동");
        Assert.Equal(Charset("chrI2.dcm").GetBytes(DicomTag.PatientName).ToArray(), korean.GetBytes(DicomTag.PatientName).ToArray());

        var chinese = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "", "ISO 2022 IR 58");
        chinese.AddOrUpdate(DicomTag.PatientName, "Zhang^XiaoDong=张^小东=");
        var bytes = chinese.GetBytes(DicomTag.PatientName).ToArray();
        Assert.Equal(Encoding.ASCII.GetBytes("\u001b$)A"), bytes.AsSpan(15, 4).ToArray());
        Assert.Equal("Zhang^XiaoDong=张^小东=", chinese.GetString(DicomTag.PatientName));
    }

    [Fact]
    public void Jis_x_0212_reads_and_writes_through_iconv()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "", "ISO 2022 IR 87", "ISO 2022 IR 159");
        ds.AddOrUpdate(DicomTag.PatientComments, "丂山");
        Assert.Equal("\u001b$(D0!\u001b$B;3\u001b(B"u8.ToArray(), ds.GetBytes(DicomTag.PatientComments).ToArray());
        Assert.Equal("丂山", ds.GetString(DicomTag.PatientComments));
    }

    [Fact]
    public void Single_byte_sets_in_code_extensions_switch_g1()
    {
        var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO 2022 IR 100", "ISO 2022 IR 144");
        ds.AddOrUpdate(DicomTag.PatientName, "Jérôme^Люк");
        var bytes = ds.GetBytes(DicomTag.PatientName).ToArray();
        Assert.Contains((byte)0xE9, bytes);
        Assert.Equal("Jérôme^Люк", ds.GetString(DicomTag.PatientName));
    }

    [Theory]
    [InlineData("ISO_IR 192", "Ñandú^Zoë=中文")]
    [InlineData("GB18030", "王^小东")]
    [InlineData("GBK", "王^小东")]
    [InlineData("ISO_IR 203", "Œuvre^€")]
    [InlineData("ISO_IR 101", "Dvořák^Ántonín")]
    [InlineData("ISO_IR 166", "สมชาย")]
    public void Text_round_trips_through_files_in_every_syntax(string characterSet, string name)
    {
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRBigEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian })
        {
            var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, characterSet).AddOrUpdate(DicomTag.PatientName, name);
            var item = new DicomDataset().AddOrUpdate(DicomTag.PatientName, name);
            ds.AddOrUpdate(DicomTag.OtherPatientIDsSequence, [item]);
            using var stream = new MemoryStream();
            new DicomFile(DicomFile.CreateFileMetaInformation(DicomSopClass.CTImageStorage, "1.2.3", syntax), ds).Save(stream);
            var back = DicomFile.Parse(stream.ToArray()).Dataset;
            Assert.Equal(name, back.GetString(DicomTag.PatientName));
            Assert.Equal(name, back.GetSequence(DicomTag.OtherPatientIDsSequence)[0].GetString(DicomTag.PatientName));
        }
    }

    [Fact]
    public void Items_inherit_or_override_the_character_set()
    {
        var inherited = DicomFile.Open(Requirements.Path(Path.Combine(RepositoryPaths.PydicomCharsetFiles, "chrSQEncoding1.dcm"), "pydicom charset file")).Dataset;
        var own = DicomFile.Open(Requirements.Path(Path.Combine(RepositoryPaths.PydicomCharsetFiles, "chrSQEncoding.dcm"), "pydicom charset file")).Dataset;
        var fromInherited = inherited.GetSequence(DicomTag.RequestedProcedureCodeSequence)[0].GetString(DicomTag.PatientName);
        var fromOwn = own.GetSequence(DicomTag.RequestedProcedureCodeSequence)[0].GetString(DicomTag.PatientName);
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", fromInherited);
        Assert.Equal(fromInherited, fromOwn);
    }

    [Fact]
    public void Characters_a_character_set_cannot_hold_are_refused_when_encoded()
    {
        // Text is encoded with the character set in force when its bytes are needed, so an item may be
        // filled before it joins a data set with (0008,0005); what cannot be encoded fails then.
        var ds = new DicomDataset().AddOrUpdate(DicomTag.PatientName, "山田");
        var ex = Assert.Throws<DicomDataException>(() => ds.GetString(DicomTag.PatientName));
        Assert.Contains("ISO_IR 192", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DicomDataException>(() => DicomDatasetWriter.Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        ds.AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 192");
        Assert.Equal("山田", ds.GetString(DicomTag.PatientName));
        var latin1 = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "ISO_IR 100").AddOrUpdate(DicomTag.PatientName, "Люк");
        Assert.Throws<DicomDataException>(() => latin1.GetBytes(DicomTag.PatientName));
        Assert.Throws<DicomDataException>(() => new DicomDataset().AddOrUpdate(DicomTag.Modality, "ÇT"));
        Assert.Equal("Müller", new DicomDataset().AddOrUpdate(DicomTag.PatientName, "Müller").GetString(DicomTag.PatientName));
    }

    [Fact]
    public void An_item_built_first_is_encoded_with_the_character_set_of_the_data_set_it_joins()
    {
        var item = new DicomDataset().AddOrUpdate(DicomTag.PatientName, "王^小东");
        var ds = new DicomDataset().AddOrUpdate(DicomTag.SpecificCharacterSet, "GB18030").AddOrUpdate(DicomTag.OtherPatientIDsSequence, [item]);
        var back = DicomDatasetReader.Read(DicomDatasetWriter.Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("王^小东", back.GetSequence(DicomTag.OtherPatientIDsSequence)[0].GetString(DicomTag.PatientName));
        Assert.Equal(new byte[] { 0xCD, 0xF5 }, back.GetSequence(DicomTag.OtherPatientIDsSequence)[0].GetBytes(DicomTag.PatientName)[..2].ToArray());
    }
}
