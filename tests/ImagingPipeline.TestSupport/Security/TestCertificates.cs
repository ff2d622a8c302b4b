using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImagingPipeline.TestSupport.Security;

/// <summary>
/// Certificates made in the test: a CA, a server certificate for 127.0.0.1/localhost and a client certificate
/// issued by it, and a client certificate from an unrelated CA. Written as PEM files for DCMTK too.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("tls-").FullName;
        Ca = CreateCa("CN=ImagingPipeline Test CA");
        Server = Issue(Ca, "CN=localhost", serverAuth: true);
        Client = Issue(Ca, "CN=test-scu", serverAuth: false);
        using var rogueCa = CreateCa("CN=Rogue CA");
        UntrustedClient = Issue(rogueCa, "CN=rogue-scu", serverAuth: false);
        CaPem = Write("ca.pem", Ca.ExportCertificatePem());
        ServerPem = Write("server.pem", Server.ExportCertificatePem());
        ServerKeyPem = Write("server.key", Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        ClientPem = Write("client.pem", Client.ExportCertificatePem());
        ClientKeyPem = Write("client.key", Client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        UntrustedClientPem = Write("rogue.pem", UntrustedClient.ExportCertificatePem());
        UntrustedClientKeyPem = Write("rogue.key", UntrustedClient.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }
    public X509Certificate2 Ca { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 Client { get; }
    public X509Certificate2 UntrustedClient { get; }
    public string CaPem { get; }
    public string ServerPem { get; }
    public string ServerKeyPem { get; }
    public string ClientPem { get; }
    public string ClientKeyPem { get; }
    public string UntrustedClientPem { get; }
    public string UntrustedClientKeyPem { get; }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }

    private static X509Certificate2 CreateCa(string subject)
    {
        var key = RSA.Create(2048); // owned by the certificate made from it
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject, bool serverAuth)
    {
        var key = RSA.Create(2048); // owned by the certificate made from it
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            san.AddDnsName("localhost");
            request.CertificateExtensions.Add(san.Build());
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        Client.Dispose();
        UntrustedClient.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
