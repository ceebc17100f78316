using Mono.Cecil;

namespace IngressCore.Tests.Architecture;

/// <summary>
/// The namespaces an assembly's code refers to, read from its metadata and IL with Mono.Cecil:
/// base types, interfaces, fields, properties, signatures, attributes and every type, method and
/// field a method body names (the references a plain reflection walk over signatures would miss).
/// Compiler-made nested types (lambdas, async state machines) count for their outer type's namespace.
/// </summary>
internal static class NamespaceGraph
{
    /// <summary>
    /// Every (from, to) pair of distinct namespaces of types defined in the assembly, both within
    /// <paramref name="ours"/>, that the assembly's code has.
    /// </summary>
    public static IReadOnlySet<(string From, string To)> Edges(string assemblyPath, Func<string, bool> ours)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var edges = new HashSet<(string, string)>();
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (!ours(from))
            {
                continue;
            }

            foreach (var referenced in ReferencedBy(type).SelectMany(Flatten))
            {
                // Only types of this assembly: a framework type in a framework namespace is not ours.
                if (referenced is not TypeDefinition && referenced.Scope != module)
                {
                    continue;
                }

                var to = NamespaceOf(referenced);
                if (to != from && ours(to))
                {
                    edges.Add((from, to));
                }
            }
        }

        return edges;
    }

    /// <summary>The namespaces referred to by code in namespace <paramref name="ns"/> (for rules such as "no ASP.NET Core types").</summary>
    public static IReadOnlySet<string> ReferencedNamespaces(string assemblyPath, string ns)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        return module.GetTypes()
            .Where(t => NamespaceOf(t) == ns)
            .SelectMany(ReferencedBy)
            .SelectMany(Flatten)
            .Select(NamespaceOf)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static string NamespaceOf(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Namespace;
    }

    private static IEnumerable<TypeReference> ReferencedBy(TypeDefinition type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var iface in type.Interfaces)
        {
            yield return iface.InterfaceType;
        }

        foreach (var attribute in type.CustomAttributes)
        {
            yield return attribute.AttributeType;
        }

        foreach (var field in type.Fields)
        {
            yield return field.FieldType;
        }

        foreach (var property in type.Properties)
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.Methods)
        {
            yield return method.ReturnType;
            foreach (var parameter in method.Parameters)
            {
                yield return parameter.ParameterType;
            }

            foreach (var attribute in method.CustomAttributes)
            {
                yield return attribute.AttributeType;
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var local in method.Body.Variables)
            {
                yield return local.VariableType;
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference operandType:
                        yield return operandType;
                        break;
                    case MethodReference called:
                        yield return called.DeclaringType;
                        yield return called.ReturnType;
                        foreach (var parameter in called.Parameters)
                        {
                            yield return parameter.ParameterType;
                        }

                        if (called is GenericInstanceMethod generic)
                        {
                            foreach (var argument in generic.GenericArguments)
                            {
                                yield return argument;
                            }
                        }

                        break;
                    case FieldReference field:
                        yield return field.DeclaringType;
                        yield return field.FieldType;
                        break;
                }
            }
        }
    }

    /// <summary>A type and everything it is made of: array and by-ref elements, generic arguments (a <c>List&lt;Route&gt;</c> refers to Route).</summary>
    private static IEnumerable<TypeReference> Flatten(TypeReference type)
    {
        var pending = new Stack<TypeReference>();
        pending.Push(type);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            switch (current)
            {
                case GenericInstanceType generic:
                    pending.Push(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        pending.Push(argument);
                    }

                    break;
                case TypeSpecification specification:
                    pending.Push(specification.ElementType);
                    break;
                case GenericParameter:
                    break;
                default:
                    yield return current;
                    break;
            }
        }
    }
}
