using System.Text;

namespace Spatial.Api.Tests.Infrastructure;

public enum MvtGeometryType { Unknown = 0, Point = 1, LineString = 2, Polygon = 3 }

/// <summary>One feature of a decoded tile: its attributes and its geometry as parts (rings, lines or points) in tile units.</summary>
public sealed record MvtFeature(MvtGeometryType Type, IReadOnlyDictionary<string, object> Attributes, IReadOnlyList<IReadOnlyList<(int X, int Y)>> Parts)
{
    public string Id => (string)Attributes["id"];

    public IEnumerable<(int X, int Y)> Points => Parts.SelectMany(p => p);
}

public sealed record MvtLayer(string Name, int Version, int Extent, IReadOnlyList<MvtFeature> Features);

/// <summary>
/// A Mapbox Vector Tile 2.1 decoded from its protobuf bytes, written from the specification so the tests read the
/// tiles as a client would, without the service's code: layers, features, attributes (keys/values by tag), and
/// the MoveTo/LineTo/ClosePath geometry commands with their zigzag deltas.
/// </summary>
public static class MvtTile
{
    public static List<MvtLayer> Decode(byte[] tile)
    {
        var layers = new List<MvtLayer>();
        var reader = new Protobuf(tile);
        while (reader.Next(out var field, out var wire))
            if (field == 3 && wire == 2) layers.Add(DecodeLayer(reader.Bytes()));
            else reader.Skip(wire);
        return layers;
    }

    private static MvtLayer DecodeLayer(byte[] bytes)
    {
        var reader = new Protobuf(bytes);
        string name = "";
        int version = 1, extent = 4096;
        var keys = new List<string>();
        var values = new List<object>();
        var features = new List<(ulong[] Tags, MvtGeometryType Type, ulong[] Geometry)>();
        while (reader.Next(out var field, out var wire))
            switch (field)
            {
                case 15: version = (int)reader.Varint(); break;
                case 1: name = Encoding.UTF8.GetString(reader.Bytes()); break;
                case 2: features.Add(DecodeFeature(reader.Bytes())); break;
                case 3: keys.Add(Encoding.UTF8.GetString(reader.Bytes())); break;
                case 4: values.Add(DecodeValue(reader.Bytes())); break;
                case 5: extent = (int)reader.Varint(); break;
                default: reader.Skip(wire); break;
            }
        return new MvtLayer(name, version, extent, features.Select(f =>
        {
            var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < f.Tags.Length; i += 2) attributes[keys[(int)f.Tags[i]]] = values[(int)f.Tags[i + 1]];
            return new MvtFeature(f.Type, attributes, Geometry(f.Geometry));
        }).ToList());
    }

    private static (ulong[] Tags, MvtGeometryType Type, ulong[] Geometry) DecodeFeature(byte[] bytes)
    {
        var reader = new Protobuf(bytes);
        ulong[] tags = [], geometry = [];
        var type = MvtGeometryType.Unknown;
        while (reader.Next(out var field, out var wire))
            switch (field)
            {
                case 2: tags = reader.Packed(); break;
                case 3: type = (MvtGeometryType)reader.Varint(); break;
                case 4: geometry = reader.Packed(); break;
                default: reader.Skip(wire); break;
            }
        return (tags, type, geometry);
    }

    private static object DecodeValue(byte[] bytes)
    {
        var reader = new Protobuf(bytes);
        object value = "";
        while (reader.Next(out var field, out var wire))
            value = field switch
            {
                1 => Encoding.UTF8.GetString(reader.Bytes()),
                2 => BitConverter.Int32BitsToSingle((int)reader.Fixed(4)),
                3 => BitConverter.Int64BitsToDouble((long)reader.Fixed(8)),
                4 => (long)reader.Varint(),
                5 => reader.Varint(),
                6 => Zigzag(reader.Varint()),
                7 => reader.Varint() != 0,
                _ => Skipped(reader, wire),
            };
        return value;
    }

    private static string Skipped(Protobuf reader, int wire)
    {
        reader.Skip(wire);
        return "";
    }

    private static long Zigzag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    private static List<IReadOnlyList<(int X, int Y)>> Geometry(ulong[] commands)
    {
        var parts = new List<IReadOnlyList<(int X, int Y)>>();
        List<(int X, int Y)>? part = null;
        int x = 0, y = 0;
        for (var i = 0; i < commands.Length;)
        {
            var command = (int)(commands[i] & 7);
            var count = (int)(commands[i] >> 3);
            i++;
            if (command == 7)
            {
                part?.Add(part[0]);
                continue;
            }
            for (var n = 0; n < count; n++, i += 2)
            {
                x += (int)Zigzag(commands[i]);
                y += (int)Zigzag(commands[i + 1]);
                if (command == 1)
                {
                    part = [];
                    parts.Add(part);
                }
                part!.Add((x, y));
            }
        }
        return parts;
    }

    /// <summary>The protobuf wire format, as much of it as MVT uses.</summary>
    private sealed class Protobuf(byte[] bytes)
    {
        private int _at;

        public bool Next(out int field, out int wire)
        {
            field = wire = 0;
            if (_at >= bytes.Length) return false;
            var key = Varint();
            field = (int)(key >> 3);
            wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = bytes[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }
        }

        public ulong Fixed(int size)
        {
            ulong value = 0;
            for (var i = 0; i < size; i++) value |= (ulong)bytes[_at++] << (8 * i);
            return value;
        }

        public byte[] Bytes()
        {
            var length = (int)Varint();
            var slice = bytes[_at..(_at + length)];
            _at += length;
            return slice;
        }

        public ulong[] Packed()
        {
            var inner = new Protobuf(Bytes());
            var values = new List<ulong>();
            while (inner._at < inner.Length) values.Add(inner.Varint());
            return [.. values];
        }

        private int Length => bytes.Length;

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _at += 8; break;
                case 2: _at += (int)Varint(); break;
                case 5: _at += 4; break;
                default: throw new InvalidDataException($"protobuf wire type {wire} is not one MVT uses");
            }
        }
    }
}
