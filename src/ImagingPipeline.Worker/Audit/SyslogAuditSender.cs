using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using ImagingPipeline.Worker.Configuration;
using Microsoft.Extensions.Options;

namespace ImagingPipeline.Worker.Audit;

/// <summary>
/// Sends DICOM audit messages as RFC 5424 syslog messages when <c>Audit:Syslog:Host</c> is set: PRI facility 10
/// (security/authorization), severity 5 (notice) or 4 (warning) for a failure outcome, MSGID <c>DICOM+RFC3881</c>
/// (PS3.15 A.6), the XML in MSG after a UTF-8 BOM. UDP sends one message per datagram (RFC 5426); TCP frames each
/// as <c>LENGTH SP MESSAGE</c> (octet counting, RFC 6587 3.4.1, the framing of RFC 5425 without TLS) and reconnects
/// after an error. <see cref="Enqueue"/> never blocks: the queue is bounded and a message that does not fit is
/// dropped with a warning. Sends 110100 Application Start when it starts and Application Stop when it stops, and
/// 110114 User Authentication for sign-ins and sign-outs on the login form.
/// </summary>
internal sealed class SyslogAuditSender : IHostedService, IAsyncDisposable
{
    /// <summary>Messages waiting to be sent; beyond this, new ones are dropped (and counted).</summary>
    public const int QueueCapacity = 1024;

    private const int Facility = 10;
    private readonly SyslogAuditOptions _options;
    private readonly ILogger<SyslogAuditSender> _logger;
    private readonly TimeProvider _clock;
    private readonly Channel<(string Xml, bool Failure)> _queue =
        Channel.CreateBounded<(string, bool)>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private Task? _loop;
    private Socket? _socket;
    private long _dropped;
    private long _sent;

    public SyslogAuditSender(IOptions<AuditOptions> options, IOptions<DicomOptions> dicom, TimeProvider clock, ILogger<SyslogAuditSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dicom);
        _options = options.Value.Syslog;
        _logger = logger;
        _clock = clock;
        var ae = dicom.Value.AeTitle.Trim();
        Source = new AuditSource(ae, ae + "@" + Environment.MachineName, Environment.MachineName, Environment.ProcessId);
    }

    /// <summary>Whether audit messages are sent at all.</summary>
    public bool Enabled => _options.Enabled;

    /// <summary>Our identity in the messages.</summary>
    public AuditSource Source { get; }

    /// <summary>Messages dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Messages handed to the transport.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public TimeProvider Clock => _clock;

    /// <summary>Queues an audit message without waiting; false when it is off, stopped or the queue is full.</summary>
    public bool Enqueue(string xml, int outcome)
    {
        if (!Enabled)
        {
            return false;
        }

        if (_queue.Writer.TryWrite((xml, outcome != DicomAuditMessages.Success)))
        {
            return true;
        }

        if (Interlocked.Increment(ref _dropped) is var dropped && (dropped == 1 || dropped % 100 == 0))
        {
            AuditLog.SyslogQueueFull(_logger, QueueCapacity, dropped);
        }

        return false;
    }

    /// <summary>Queues 110114 User Authentication for a sign-in (failed ones as minor failure) or a sign-out.</summary>
    public void UserAuthenticated(string userName, bool login, bool succeeded, string? remoteAddress)
    {
        if (Enabled)
        {
            Enqueue(DicomAuditMessages.UserAuthentication(Source, userName, login, succeeded, remoteAddress, _clock.GetUtcNow()),
                succeeded ? DicomAuditMessages.Success : DicomAuditMessages.MinorFailure);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }

        AuditLog.SyslogEnabled(_logger, _options.Host!, _options.Port, _options.IsTcp ? "tcp" : "udp");
        Enqueue(DicomAuditMessages.ApplicationActivity(Source, start: true, _clock.GetUtcNow()), DicomAuditMessages.Success);
        _loop = Task.Run(SendLoopAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return;
        }

        Enqueue(DicomAuditMessages.ApplicationActivity(Source, start: false, _clock.GetUtcNow()), DicomAuditMessages.Success);
        _queue.Writer.TryComplete();
        try
        {
            // What is queued goes out unless the host's shutdown timeout ends first.
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            AuditLog.SyslogStopTimedOut(_logger);
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (var (xml, failure) in _queue.Reader.ReadAllAsync())
        {
            var message = Frame(xml, failure);
            try
            {
                await SendAsync(message);
                Interlocked.Increment(ref _sent);
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                CloseSocket();
                AuditLog.SyslogSendFailed(_logger, _options.Host!, _options.Port, e.Message);
            }
        }

        CloseSocket();
    }

    /// <summary>RFC 5424: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - BOM MSG</c>.</summary>
    private byte[] Frame(string xml, bool failure)
    {
        var pri = Facility * 8 + (failure ? 4 : 5);
        var header = string.Create(CultureInfo.InvariantCulture,
            $"<{pri}>1 {_clock.GetUtcNow().UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {HeaderField(Source.HostName, 255)} ImagingPipeline {Source.ProcessId} DICOM+RFC3881 - ");
        byte[] syslog = [.. Encoding.ASCII.GetBytes(header), 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(xml)];
        return _options.IsTcp ? [.. Encoding.ASCII.GetBytes(syslog.Length.ToString(CultureInfo.InvariantCulture) + " "), .. syslog] : syslog;
    }

    /// <summary>Header fields are printable US-ASCII without spaces (RFC 5424 6.2), "-" when empty.</summary>
    private static string HeaderField(string value, int max)
    {
        var clean = new string([.. value.Where(c => c is > ' ' and < (char)127).Take(max)]);
        return clean.Length == 0 ? "-" : clean;
    }

    private async Task SendAsync(byte[] message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (_socket is null)
        {
            var socket = _options.IsTcp
                ? new Socket(SocketType.Stream, ProtocolType.Tcp)
                : new Socket(SocketType.Dgram, ProtocolType.Udp);
            try
            {
                await socket.ConnectAsync(_options.Host!, _options.Port, timeout.Token);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _socket = socket;
        }

        await _socket.SendAsync(message, SocketFlags.None, timeout.Token);
    }

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            try
            {
                await _loop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The repository is not answering; what is still queued is dropped with the process.
            }
        }
    }
}
