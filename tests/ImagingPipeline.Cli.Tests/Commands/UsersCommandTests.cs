using ImagingPipeline.Cli.Commands;
using Xunit;

namespace ImagingPipeline.Cli.Tests.Commands;

public sealed class UsersCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ip-users-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(string stdin, params string[] args)
    {
        using var input = new StringReader(stdin);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await UsersCommand.RunAsync([.. args, "--Storage:Root", _root], input, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Add_list_remove_in_the_index_under_storage_root()
    {
        var added = await RunAsync("a long password\n", "add", "rt.one", "--role", "radiotherapist", "--password-stdin");
        Assert.Equal(0, added.Code);
        Assert.True(File.Exists(Path.Combine(_root, "index.db")));
        var listed = await RunAsync("", "list");
        Assert.Equal(0, listed.Code);
        Assert.StartsWith("rt.one\tradiotherapist\t", listed.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("a long password", listed.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("", "remove", "rt.one")).Code);
        Assert.Equal(1, (await RunAsync("", "remove", "rt.one")).Code);
        Assert.Equal("", (await RunAsync("", "list")).Out);
    }

    [Theory]
    [InlineData("pw-long-enough", "add", "x", "--role", "root", "--password-stdin")]
    [InlineData("short", "add", "x", "--role", "admin", "--password-stdin")]
    [InlineData("pw-long-enough", "add", "bad name", "--role", "admin", "--password-stdin")]
    public async Task Bad_input_fails_with_a_message(string stdin, params string[] args)
    {
        var result = await RunAsync(stdin, args);
        Assert.Equal(1, result.Code);
        Assert.StartsWith("users: ", result.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("add", "x", "--role", "admin")]
    [InlineData("add", "x", "--password-stdin")]
    [InlineData("frobnicate")]
    [InlineData("list", "--bogus")]
    public async Task Wrong_usage_exits_2(params string[] args) => Assert.Equal(2, (await RunAsync("pw-long-enough", args)).Code);
}
