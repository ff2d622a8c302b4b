using ImagingPipeline.Worker.Auth;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Auth;

public sealed class PasswordAndKeyTests
{
    [Fact]
    public void Password_hash_verifies_only_the_right_password_and_salts_differ()
    {
        var a = PasswordHasher.Hash("correct horse");
        var b = PasswordHasher.Hash("correct horse");
        Assert.NotEqual(a, b);
        Assert.StartsWith("pbkdf2-sha256$210000$", a, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse", a));
        Assert.True(PasswordHasher.Verify("correct horse", b));
        Assert.False(PasswordHasher.Verify("correct horsE", a));
        Assert.False(PasswordHasher.Verify("", a));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$x$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$***$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Malformed_stored_hash_never_verifies(string stored) => Assert.False(PasswordHasher.Verify("plain", stored));

    [Fact]
    public void Fewer_than_100k_iterations_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PasswordHasher.Hash("pw", 99_999));

    [Fact]
    public void Api_keys_are_configured_as_sha256_and_matched_by_hash()
    {
        var hashes = ApiKeyHashes.Parse([ApiKeyHashes.Hash("key-one"), "sha256:" + ApiKeyHashes.Hash("key-two").ToUpperInvariant()]);
        Assert.True(ApiKeyHashes.Matches("key-one", hashes));
        Assert.True(ApiKeyHashes.Matches("key-two", hashes));
        Assert.False(ApiKeyHashes.Matches("key-three", hashes));
        Assert.Equal("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae", ApiKeyHashes.Hash("foo"));
    }

    [Fact]
    public void A_plain_key_in_configuration_is_an_error_naming_the_entry()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ApiKeyHashes.Parse([ApiKeyHashes.Hash("a"), "my-secret-key"]));
        Assert.Contains("Auth:ApiKeys:1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://127.1.2.3:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("https://LOCALHOST:443/", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://worker.example.org:8080", false)]
    public void Loopback_addresses_are_recognised(string address, bool loopback) =>
        Assert.Equal(loopback, AccessPolicy.IsLoopbackAddress(address));

    [Theory]
    [InlineData("/review", true)]
    [InlineData("/", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Return_urls_stay_on_the_site(string? url, bool local) => Assert.Equal(local, LoginEndpoints.IsLocalUrl(url));
}
