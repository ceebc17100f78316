using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IngressCore.Annotations;
using IngressCore.Diagnostics;
using IngressCore.Model;

namespace IngressCore.Authentication;

/// <summary>
/// The users of a basic-auth Secret: the htpasswd file under its <c>auth</c> key
/// (<c>auth-secret-type: auth-file</c>), or one key per user (<c>auth-map</c>). Read as nginx's
/// <c>auth_basic_user_file</c> reads it: one <c>user:hash</c> per line, <c>#</c> comments, the first
/// line of a user counts. A line whose hash IngressCore refuses (plain text, an unknown scheme) is an
/// error and that user cannot log in; the other users can.
/// </summary>
internal sealed class HtpasswdFile
{
    /// <summary>The most verified passwords remembered per file (bcrypt makes each check cost milliseconds).</summary>
    private const int VerifiedCapacity = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly Dictionary<string, PasswordHash> _users;

    // SHA-256 of "user:password" for passwords that verified: a repeated request skips bcrypt.
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    private HtpasswdFile(Dictionary<string, PasswordHash> users) => _users = users;

    /// <summary>How many users can log in.</summary>
    public int Count => _users.Count;

    /// <summary>The user names, for tests and explanations.</summary>
    public IEnumerable<string> Users => _users.Keys;

    /// <summary>
    /// Reads the users of <paramref name="secret"/>; <see langword="null"/> (with an error) when the
    /// Secret holds no users file at all, which denies its locations (503), as ingress-nginx does.
    /// </summary>
    public static HtpasswdFile? Read(SecretDefinition secret, BasicAuthSecretType type, List<IngressDiagnostic> diagnostics)
    {
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        if (type == BasicAuthSecretType.AuthMap)
        {
            foreach (var (user, value) in secret.Data.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                var field = $"data[{user}]";
                if (!TryText(value, out var text))
                {
                    diagnostics.Add(Error(secret, field, $"user '{Printable.Of(user)}': the value is not UTF-8 text; this user cannot log in"));
                    continue;
                }

                Add(secret, field, user, text.Trim(), users, diagnostics, line: null);
            }

            return new HtpasswdFile(users);
        }

        if (!secret.Data.TryGetValue("auth", out var bytes))
        {
            diagnostics.Add(Error(secret, "data[auth]", $"Secret {secret.QualifiedName} has no key 'auth' (the htpasswd file basic auth reads); the locations that use it answer 503 until it has one"));
            return null;
        }

        if (!TryText(bytes, out var file))
        {
            diagnostics.Add(Error(secret, "data[auth]", $"Secret {secret.QualifiedName}: the htpasswd file is not UTF-8 text; the locations that use it answer 503"));
            return null;
        }

        var lines = file.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                diagnostics.Add(Error(secret, "data[auth]", $"line {i + 1}: no ':' between user and password hash; the line is ignored"));
                continue;
            }

            // nginx's reader: the hash ends at the next ':' (htdigest-style fields after it are skipped).
            var rest = line[(colon + 1)..];
            var end = rest.IndexOf(':', StringComparison.Ordinal);
            Add(secret, "data[auth]", line[..colon], end < 0 ? rest : rest[..end], users, diagnostics, i + 1);
        }

        return new HtpasswdFile(users);
    }

    /// <summary>Whether <paramref name="user"/> exists and <paramref name="password"/> is theirs.</summary>
    public bool Verify(string user, ReadOnlySpan<byte> password)
    {
        if (!_users.TryGetValue(user, out var hash))
        {
            return false;
        }

        var key = Fingerprint(user, password);
        if (_verified.ContainsKey(key))
        {
            return true;
        }

        if (!hash.Verify(password))
        {
            return false;
        }

        if (_verified.Count < VerifiedCapacity)
        {
            _verified.TryAdd(key, true);
        }

        return true;
    }

    private static void Add(SecretDefinition secret, string field, string user, string hashText, Dictionary<string, PasswordHash> users, List<IngressDiagnostic> diagnostics, int? line)
    {
        if (users.ContainsKey(user))
        {
            return; // nginx stops at the first line of the user
        }

        var where = line is { } number ? string.Create(CultureInfo.InvariantCulture, $"line {number}: ") : "";
        var problem = PasswordHash.TryParse(hashText, out var hash);
        if (problem is not null)
        {
            diagnostics.Add(Error(secret, field, $"{where}user '{Printable.Of(user)}': the password {problem}; this user cannot log in"));
            return;
        }

        users[user] = hash!;
    }

    private static string Fingerprint(string user, ReadOnlySpan<byte> password)
    {
        var userBytes = Encoding.UTF8.GetBytes(user);
        var buffer = new byte[userBytes.Length + 1 + password.Length];
        userBytes.CopyTo(buffer, 0);
        buffer[userBytes.Length] = (byte)':';
        password.CopyTo(buffer.AsSpan(userBytes.Length + 1));
        var digest = Convert.ToBase64String(SHA256.HashData(buffer));
        CryptographicOperations.ZeroMemory(buffer);
        return digest;
    }

    private static bool TryText(byte[] bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = "";
            return false;
        }
    }

    private static IngressDiagnostic Error(SecretDefinition secret, string field, string message) =>
        ObjectDiagnostic.For(DiagnosticSeverity.Error, "Secret", secret.Namespace, secret.Name, secret.Source, field, message);
}
