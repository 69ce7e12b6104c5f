namespace Spatial.Api.Http.Caching;

/// <summary>
/// The response body, written through as it is made, keeping a copy of the bytes while they are at most
/// <c>limit</c> (the cache's largest entry): a page is streamed to the client and kept for the next one at once.
/// </summary>
public sealed class CapturingStream(Stream response, int limit) : Stream
{
    private MemoryStream? _copy = limit > 0 ? new MemoryStream() : null;

    /// <summary>The bytes written, or null when they outgrew the limit (or nothing was to be kept).</summary>
    public byte[]? Bytes => _copy?.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        response.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        await response.WriteAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Keep(ReadOnlySpan<byte> buffer)
    {
        if (_copy is null) return;
        if (_copy.Length + buffer.Length > limit)
        {
            _copy.Dispose();
            _copy = null;
            return;
        }
        _copy.Write(buffer);
    }

    public override void Flush() => response.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => response.FlushAsync(cancellationToken);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _copy?.Dispose();
        base.Dispose(disposing);
    }
}
