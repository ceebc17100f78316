using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace IngressCore.Kubernetes;

/// <summary>What kind of YAML value a field of a KubernetesClient model takes.</summary>
internal enum ShapeKind
{
    /// <summary>Anything (a type this loader does not check).</summary>
    Any,

    /// <summary>A mapping of the model's fields.</summary>
    Object,

    /// <summary>A sequence of <see cref="Shape.Element"/>.</summary>
    List,

    /// <summary>A mapping of string keys to <see cref="Shape.Element"/>.</summary>
    Map,

    /// <summary>A string.</summary>
    String,

    /// <summary>A whole number within <see cref="Shape.Min"/> and <see cref="Shape.Max"/>.</summary>
    Integer,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An RFC 3339 time.</summary>
    Time,

    /// <summary>Base64-encoded bytes.</summary>
    Bytes,

    /// <summary>A number or a string (IntOrString).</summary>
    IntOrString,

    /// <summary>A number with or without a fraction.</summary>
    Number,

    /// <summary>Any scalar (a resource quantity and the like).</summary>
    Scalar,
}

/// <summary>
/// The schema of a KubernetesClient model type, read by reflection from its
/// <see cref="JsonPropertyNameAttribute"/>s: the field names YAML and JSON use and the kind of value
/// each takes. It lets the loader name the exact field of an unknown key or a value of the wrong type.
/// </summary>
internal sealed class Shape
{
    private static readonly ConcurrentDictionary<Type, Shape> Cache = new();

    private readonly Type _type;
    private IReadOnlyDictionary<string, Shape>? _properties;

    private Shape(ShapeKind kind, Type type, Shape? element = null, long min = 0, long max = 0)
    {
        Kind = kind;
        _type = type;
        Element = element;
        Min = min;
        Max = max;
    }

    public static Shape AnyShape { get; } = new(ShapeKind.Any, typeof(object));

    public ShapeKind Kind { get; }

    /// <summary>The item shape of a list, or the value shape of a map.</summary>
    public Shape? Element { get; }

    public long Min { get; }

    public long Max { get; }

    /// <summary>The fields of an object shape, by their YAML name (resolved on first use: model types refer to each other).</summary>
    public IReadOnlyDictionary<string, Shape> Properties => _properties ??= ReadProperties(_type);

    public static Shape For(Type type) => Cache.GetOrAdd(type, Create);

    private static Shape Create(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string))
        {
            return new Shape(ShapeKind.String, underlying);
        }

        if (underlying == typeof(int) || underlying == typeof(short))
        {
            return new Shape(ShapeKind.Integer, underlying, null, int.MinValue, int.MaxValue);
        }

        if (underlying == typeof(long))
        {
            return new Shape(ShapeKind.Integer, underlying, null, long.MinValue, long.MaxValue);
        }

        if (underlying == typeof(bool))
        {
            return new Shape(ShapeKind.Boolean, underlying);
        }

        if (underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset))
        {
            return new Shape(ShapeKind.Time, underlying);
        }

        if (underlying == typeof(double) || underlying == typeof(float) || underlying == typeof(decimal))
        {
            return new Shape(ShapeKind.Number, underlying);
        }

        if (underlying == typeof(byte[]))
        {
            return new Shape(ShapeKind.Bytes, underlying);
        }

        if (underlying == typeof(IntOrString))
        {
            return new Shape(ShapeKind.IntOrString, underlying);
        }

        if (underlying == typeof(ResourceQuantity))
        {
            return new Shape(ShapeKind.Scalar, underlying);
        }

        if (underlying.IsGenericType)
        {
            var arguments = underlying.GetGenericArguments();
            var definition = underlying.GetGenericTypeDefinition();
            if (arguments.Length == 2 && arguments[0] == typeof(string) &&
                (definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)))
            {
                return new Shape(ShapeKind.Map, underlying, For(arguments[1]));
            }

            if (arguments.Length == 1 &&
                (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IEnumerable<>) ||
                 definition == typeof(ICollection<>) || definition == typeof(IReadOnlyList<>)))
            {
                return new Shape(ShapeKind.List, underlying, For(arguments[0]));
            }

            return AnyShape;
        }

        if (underlying.IsClass && underlying.Namespace == typeof(V1Ingress).Namespace &&
            underlying.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null))
        {
            return new Shape(ShapeKind.Object, underlying);
        }

        return AnyShape;
    }

    private static Dictionary<string, Shape> ReadProperties(Type type)
    {
        var properties = new Dictionary<string, Shape>(StringComparer.Ordinal);
        if (type == typeof(object))
        {
            return properties;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is { } name)
            {
                properties[name.Name] = For(property.PropertyType);
            }
        }

        return properties;
    }
}
