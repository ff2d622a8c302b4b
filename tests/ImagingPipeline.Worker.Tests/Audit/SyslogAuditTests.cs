using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using ImagingPipeline.Worker.Auth;
using ImagingPipeline.Worker.Tests.Host;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ImagingPipeline.Worker.Tests.Audit;

/// <summary>DICOM audit messages (PS3.15 A.5) as RFC 5424 syslog over UDP and TCP to a listener in the test.</summary>
[Collection(HostCollection.Name)]
public sealed class SyslogAuditTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Syslog(int port, string protocol) => new(StringComparer.Ordinal)
    {
        ["Audit:Syslog:Host"] = "127.0.0.1",
        ["Audit:Syslog:Port"] = port.ToString(CultureInfo.InvariantCulture),
        ["Audit:Syslog:Protocol"] = protocol,
    };

    [Fact]
    public async Task Udp_gets_application_start_one_instances_transferred_per_study_and_application_stop()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var world = new AuditWorld(extra: Syslog(((IPEndPoint)udp.Client.LocalEndPoint!).Port, "udp"));
        try
        {
            var port = world.Port; // starts the host
            var started = await ReceiveAsync(udp);
            Assert.Equal("110100", EventId(started));
            Assert.Equal("110120", Code(started.Root!.Element("EventIdentification")!.Element("EventTypeCode")!));

            var (first, firstFiles) = world.CtStudy(3, "AUD-P1", "FIRST^PATIENT");
            var (second, secondFiles) = world.CtStudy(1, "AUD-P2", "SECOND^PATIENT");
            var sent = await AuditWorld.Client(port, "SYSLOGSCU").StoreAsync([.. firstFiles.Select(f => f.Path), .. secondFiles.Select(f => f.Path)], Ct);
            Assert.All(sent, r => Assert.True(r.Succeeded, r.Error));

            var transferred = new List<XDocument> { await ReceiveAsync(udp), await ReceiveAsync(udp) };
            Assert.All(transferred, m => Assert.Equal("110104", EventId(m)));
            var one = Assert.Single(transferred, m => StudyObject(m).Attribute("ParticipantObjectID")!.Value == first);
            var other = Assert.Single(transferred, m => StudyObject(m).Attribute("ParticipantObjectID")!.Value == second);
            Assert.Equal(3, Instances(one));
            Assert.Equal(1, Instances(other));

            var identification = one.Root!.Element("EventIdentification")!;
            Assert.Equal("C", identification.Attribute("EventActionCode")!.Value);
            Assert.Equal("0", identification.Attribute("EventOutcomeIndicator")!.Value);
            Assert.True(DateTimeOffset.TryParse(identification.Attribute("EventDateTime")!.Value, CultureInfo.InvariantCulture, out _));
            var participants = one.Root.Elements("ActiveParticipant").ToList();
            var source = Assert.Single(participants, p => Code(p.Element("RoleIDCode")!) == "110153");
            Assert.Equal("SYSLOGSCU", source.Attribute("UserID")!.Value);
            Assert.Equal("true", source.Attribute("UserIsRequestor")!.Value);
            Assert.Equal("127.0.0.1", source.Attribute("NetworkAccessPointID")!.Value);
            var destination = Assert.Single(participants, p => Code(p.Element("RoleIDCode")!) == "110152");
            Assert.Equal(AuditWorld.OurAe, destination.Attribute("UserID")!.Value);
            Assert.Equal("false", destination.Attribute("UserIsRequestor")!.Value);
            Assert.NotNull(one.Root.Element("AuditSourceIdentification")!.Attribute("AuditSourceID"));
            var patient = Assert.Single(one.Root.Elements("ParticipantObjectIdentification"),
                o => o.Attribute("ParticipantObjectTypeCodeRole")!.Value == "1");
            Assert.Equal("AUD-P1", patient.Attribute("ParticipantObjectID")!.Value);
            Assert.Equal("FIRST^PATIENT", patient.Element("ParticipantObjectName")!.Value);
            Assert.Equal("AUD-P2", Assert.Single(other.Root!.Elements("ParticipantObjectIdentification"),
                o => o.Attribute("ParticipantObjectTypeCodeRole")!.Value == "1").Attribute("ParticipantObjectID")!.Value);

            await world.DisposeAsync();
            var stopped = await ReceiveAsync(udp);
            Assert.Equal("110100", EventId(stopped));
            Assert.Equal("110121", Code(stopped.Root!.Element("EventIdentification")!.Element("EventTypeCode")!));
        }
        finally
        {
            await world.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tcp_frames_each_message_with_its_octet_count()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var world = new AuditWorld(extra: Syslog(((IPEndPoint)listener.LocalEndpoint).Port, "tcp"));
        var port = world.Port;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var connection = await listener.AcceptTcpClientAsync(timeout.Token);
        var stream = connection.GetStream();
        Assert.Equal("110100", EventId(Parse(await ReadFramedAsync(stream, timeout.Token))));

        var (study, files) = world.CtStudy(2);
        Assert.All(await AuditWorld.Client(port, "TCPSCU").StoreAsync(files.Select(f => f.Path), Ct), r => Assert.True(r.Succeeded, r.Error));
        var transferred = Parse(await ReadFramedAsync(stream, timeout.Token));
        Assert.Equal("110104", EventId(transferred));
        Assert.Equal(study, StudyObject(transferred).Attribute("ParticipantObjectID")!.Value);
        Assert.Equal(2, Instances(transferred));
    }

    [Fact]
    public async Task Sign_ins_send_user_authentication_with_their_outcome()
    {
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var settings = Syslog(((IPEndPoint)udp.Client.LocalEndPoint!).Port, "udp");
        settings["Auth:RequireSignIn"] = "true";
        await using var world = new AuditWorld(extra: settings);
        await world.Factory.Services.GetRequiredService<UserStore>().AddOrReplaceAsync("audit.admin", Roles.Admin, "long enough pass", Ct);
        Assert.Equal("110100", EventId(await ReceiveAsync(udp)));
        using var client = world.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostLoginAsync(client, "audit.admin", "wrong password")).StatusCode);
        var failed = await ReceiveAsync(udp);
        Assert.Equal("110114", EventId(failed));
        Assert.Equal("4", failed.Root!.Element("EventIdentification")!.Attribute("EventOutcomeIndicator")!.Value);
        Assert.Equal("110122", Code(failed.Root.Element("EventIdentification")!.Element("EventTypeCode")!));
        var person = Assert.Single(failed.Root.Elements("ActiveParticipant"), p => p.Attribute("UserIsRequestor")!.Value == "true");
        Assert.Equal("audit.admin", person.Attribute("UserID")!.Value);

        Assert.Equal(HttpStatusCode.Redirect, (await PostLoginAsync(client, "audit.admin", "long enough pass")).StatusCode);
        var succeeded = await ReceiveAsync(udp);
        Assert.Equal("110114", EventId(succeeded));
        Assert.Equal("0", succeeded.Root!.Element("EventIdentification")!.Attribute("EventOutcomeIndicator")!.Value);
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/login", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__af\" value=\"([^\"]+)\"");
        Assert.True(token.Success, "the login form carries an antiforgery token");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["returnUrl"] = "/review",
            ["username"] = user,
            ["password"] = password,
        });
        return await client.PostAsync("/login", content, Ct);
    }

    /// <summary>RFC 6587 octet counting: ASCII digits, a space, then that many bytes.</summary>
    private static async Task<byte[]> ReadFramedAsync(NetworkStream stream, CancellationToken ct)
    {
        var length = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            await stream.ReadExactlyAsync(one, ct);
            if (one[0] == (byte)' ')
            {
                break;
            }

            Assert.InRange(one[0], (byte)'0', (byte)'9');
            length.Append((char)one[0]);
        }

        var message = new byte[int.Parse(length.ToString(), CultureInfo.InvariantCulture)];
        await stream.ReadExactlyAsync(message, ct);
        return message;
    }

    private static async Task<XDocument> ReceiveAsync(UdpClient udp)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var datagram = await udp.ReceiveAsync(timeout.Token);
        return Parse(datagram.Buffer);
    }

    /// <summary>Checks the RFC 5424 header (PRI facility 10, version 1, MSGID DICOM+RFC3881, no structured data) and parses the XML after the BOM.</summary>
    private static XDocument Parse(byte[] message)
    {
        var bom = message.AsSpan().IndexOf([(byte)0xEF, (byte)0xBB, (byte)0xBF]);
        Assert.True(bom > 0, "the MSG starts with a UTF-8 BOM");
        var header = Encoding.ASCII.GetString(message, 0, bom);
        var fields = header.Split(' ');
        Assert.Equal(8, fields.Length); // PRI+VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD, and the empty rest
        Assert.Matches("^<8[45]>1$", fields[0]); // facility 10: 80 + severity 5 (notice) or 4 (warning)
        Assert.True(DateTimeOffset.TryParse(fields[1], CultureInfo.InvariantCulture, out _), fields[1]);
        Assert.Equal("DICOM+RFC3881", fields[5]);
        Assert.Equal("-", fields[6]);
        return XDocument.Parse(Encoding.UTF8.GetString(message, bom + 3, message.Length - bom - 3));
    }

    private static string EventId(XDocument message) => Code(message.Root!.Element("EventIdentification")!.Element("EventID")!);

    private static string Code(XElement coded)
    {
        Assert.Equal("DCM", coded.Attribute("codeSystemName")!.Value);
        Assert.False(string.IsNullOrEmpty(coded.Attribute("originalText")!.Value));
        return coded.Attribute("csd-code")!.Value;
    }

    private static XElement StudyObject(XDocument message) =>
        Assert.Single(message.Root!.Elements("ParticipantObjectIdentification"),
            o => o.Element("ParticipantObjectIDTypeCode")!.Attribute("csd-code")!.Value == "110180");

    private static int Instances(XDocument message) =>
        StudyObject(message).Elements("SOPClass").Sum(s => int.Parse(s.Attribute("NumberOfInstances")!.Value, CultureInfo.InvariantCulture));
}
