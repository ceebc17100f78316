using IngressCore.Annotations;
using IngressCore.Annotations.Tests.Support;

namespace IngressCore.Annotations.Tests;

/// <summary>
/// The nginx-variable templates of auth-url, auth-signin and auth-cache-key: each variable
/// ingress-nginx documents is read as itself and expanded from its typed value, literal text
/// around and between variables is kept, and inside a URL a value is percent-encoded.
/// </summary>
public sealed class AuthTemplateTests
{
    private static readonly IReadOnlySet<AuthVariable> Every = Enum.GetValues<AuthVariable>().Where(v => v != AuthVariable.None).ToHashSet();

    private static readonly AuthRequestValues Values = Request(cookie: name => name == "session" ? "s<1>" : null);

    private static AuthRequestValues Request(Func<string, string?> cookie) => new()
    {
        Host = "shop.example.com",
        HttpHost = "Shop.Example.com:8443",
        BestHttpHost = "best.example.com",
        Scheme = "https",
        PassAccessScheme = "http",
        RequestUri = "/cart?item=1 2",
        Method = "PATCH",
        RemoteAddr = "192.0.2.7",
        Header = name => name == "x-user-id" ? "u-42" : name == "authorization" || name == "Authorization" ? "Basic " + Convert.ToBase64String("alice:secret"u8) : null,
        Cookie = cookie,
    };

    [Theory]
    [InlineData("$host", "Host", "shop.example.com")]
    [InlineData("$http_host", "HttpHost", "Shop.Example.com:8443")]
    [InlineData("$best_http_host", "BestHttpHost", "best.example.com")]
    [InlineData("$scheme", "Scheme", "https")]
    [InlineData("$pass_access_scheme", "PassAccessScheme", "http")]
    [InlineData("$request_uri", "RequestUri", "/cart?item=1 2")]
    [InlineData("$escaped_request_uri", "EscapedRequestUri", "%2Fcart%3Fitem%3D1%202")]
    [InlineData("$request_method", "RequestMethod", "PATCH")]
    [InlineData("$remote_addr", "RemoteAddr", "192.0.2.7")]
    [InlineData("$remote_user", "RemoteUser", "alice")]
    [InlineData("$http_x_user_id", "Header", "u-42")]
    [InlineData("$cookie_session", "Cookie", "s<1>")]
    public void Each_variable_is_read_as_itself_and_expanded_from_its_value(string text, string variableName, string value)
    {
        var variable = Enum.Parse<AuthVariable>(variableName);
        Assert.Null(AuthTemplate.TryParse(text, char.IsAsciiLetterOrDigit, Every, out var template));

        var part = Assert.Single(template!.Parts);
        Assert.Equal(variable, part.Variable);
        Assert.True(template.Uses(variable));
        Assert.Equal(Every.Count - 1, Every.Count(v => !template.Uses(v)));
        Assert.True(template.HasVariables);
        Assert.Equal(value, template.Expand(Values, url: false));
    }

    [Fact]
    public void Literal_text_around_and_between_variables_is_kept()
    {
        Assert.Null(AuthTemplate.TryParse("a-$host-b$scheme$request_method-c", c => c is 'a' or 'b' or 'c' or '-', Every, out var template));

        Assert.Equal(
            ["None:a-", "Host:", "None:-b", "Scheme:", "RequestMethod:", "None:-c"],
            template!.Parts.Select(p => $"{p.Variable}:{(p.Variable == AuthVariable.None ? p.Text : string.Empty)}"));
        Assert.Equal("a-shop.example.com-bhttpsPATCH-c", template.Expand(Values, url: false));
        Assert.Null(AuthTemplate.TryParse("plain", char.IsAsciiLetter, Every, out var plain));
        Assert.False(plain!.HasVariables);
        Assert.Equal("plain", plain.Expand(Values, url: false));
    }

    [Fact]
    public void Inside_a_URL_a_value_is_percent_encoded_and_the_literal_text_is_not()
    {
        Assert.Null(AuthTemplate.TryParse("/x?c=$cookie_session&u=$request_uri", c => c is '/' or 'x' or '?' or '=' or '&' or 'c' or 'u', Every, out var template));

        Assert.Equal("/x?c=s%3C1%3E&u=/cart?item=1%202", template!.Expand(Values, url: true));
    }

    [Theory]
    [InlineData("!", "!")]              // the first printable character after the space
    [InlineData("~", "~")]              // the last before DEL
    [InlineData("a-._:/?&=@", "a-._:/?&=@")]
    [InlineData(" ", "%20")]
    [InlineData("\u007F", "%7F")]
    [InlineData("\t", "%09")]
    [InlineData("\"<>\\^`{|}", "%22%3C%3E%5C%5E%60%7B%7C%7D")]
    [InlineData("\u00E9", "%C3%A9")]     // UTF-8, byte by byte
    public void A_value_inside_a_URL_keeps_what_a_URL_may_carry_and_encodes_the_rest(string value, string encoded)
    {
        Assert.Null(AuthTemplate.TryParse("$cookie_v", char.IsAsciiLetter, Every, out var template));
        var values = Request(cookie: name => name == "v" ? value : null);

        Assert.Equal(encoded, template!.Expand(values, url: true));
        Assert.Equal(value, template.Expand(values, url: false));
    }

    [Theory]
    [InlineData("Basic YWxpY2U6c2VjcmV0", "alice")]      // alice:secret
    [InlineData("basic YWxpY2U6c2VjcmV0", "alice")]      // the scheme is case-insensitive (RFC 9110)
    [InlineData("Basic OnNlY3JldA==", "")]               // :secret, an empty user
    [InlineData("Basic YWxpY2U=", null)]                 // alice, no colon
    [InlineData("Basic not*base64", null)]
    [InlineData("Bearer YWxpY2U6c2VjcmV0", null)]
    [InlineData(null, null)]
    public void Remote_user_is_the_user_of_Basic_credentials(string? authorization, string? user) =>
        Assert.Equal(user, AuthTemplate.BasicCredentialsUser(authorization));

    [Theory]
    [InlineData("https://login.example.com/start?rd=$escaped_request_uri", "https://login.example.com/start?rd=%2Fcart%3Fitem%3D1%202", "/start?rd=$escaped_request_uri")]
    [InlineData("$scheme://$host/oauth2/start", "https://shop.example.com/oauth2/start", "/oauth2/start")]
    [InlineData("$pass_access_scheme://$best_http_host?rd=$request_uri", "http://best.example.com?rd=/cart?item=1%202", "?rd=$request_uri")]
    [InlineData("https://login.example.com", "https://login.example.com", "/")]
    [InlineData("http://login.example.com:8080/a", "http://login.example.com:8080/a", "/a")]
    public void Auth_signin_is_expanded_part_by_part(string value, string expanded, string pathAndQuery)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-signin", value));

        Assert.Empty(parsed.Diagnostics);
        var signin = parsed.Result.ExternalAuth!.Signin!;
        Assert.Equal(expanded, signin.Template.Expand(Values, url: true));
        Assert.Equal(pathAndQuery, signin.PathAndQuery);
    }

    [Theory]
    [InlineData("https://login.example.com/start?rd=/back", "rd", true)]
    [InlineData("https://login.example.com/start?a=1&rd=/back", "rd", true)]
    [InlineData("$scheme://$host?rd=$request_uri", "rd", true)]      // the query right after the host
    [InlineData("/oauth2/start?rd=/back", "rd", true)]
    [InlineData("https://login.example.com/start?rd=", "rd", false)] // no value: ingress-nginx still appends its own
    [InlineData("https://login.example.com/start?xrd=1", "rd", false)]
    [InlineData("https://login.example.com/start?=rd", "rd", false)]
    [InlineData("https://login.example.com/rd=1", "rd", false)]      // no query at all
    public void The_signin_query_is_searched_for_the_redirect_parameter(string value, string parameter, bool has)
    {
        var parsed = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-signin", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(has, parsed.Result.ExternalAuth!.Signin!.QueryHas(parameter));
    }

    [Theory]
    [InlineData("http://$host/auth", "http://shop.example.com/auth")]
    [InlineData("https://auth.example.com", "https://auth.example.com")]
    public void Auth_url_is_expanded_part_by_part(string value, string expanded)
    {
        var parsed = Annotated.Parse(("auth-url", value));

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(expanded, parsed.Result.ExternalAuth!.Url.Template.Expand(Values, url: true));
    }

    [Theory]
    [InlineData("http://[::1]:8080/x", "::1", 8080, "/x")]
    [InlineData("http://[2001:DB8::1]/x", "2001:db8::1", null, "/x")]
    [InlineData("http://Auth.Example.com/x?y=1", "auth.example.com", null, "/x?y=1")]
    [InlineData("http://10.0.0.1:81", "10.0.0.1", 81, "/")]
    public void An_auth_url_s_host_port_and_path_are_read_as_written(string value, string host, int? port, string pathAndQuery)
    {
        var parsed = Annotated.Parse(("auth-url", value));

        Assert.Empty(parsed.Diagnostics);
        var url = parsed.Result.ExternalAuth!.Url;
        Assert.False(url.IsRelative);
        Assert.Equal(host, url.LiteralHost);
        Assert.Equal(port, url.Port);
        Assert.Equal(pathAndQuery, url.PathAndQuery);
    }

    [Fact]
    public void A_signin_path_is_relative_and_its_variables_are_checked()
    {
        var relative = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-signin", "/start?rd=$escaped_request_uri"));
        var refused = Annotated.Parse(("auth-url", "http://auth.example.com/"), ("auth-signin", "/start?ip=$remote_addr"));

        Assert.Empty(relative.Diagnostics);
        Assert.True(relative.Result.ExternalAuth!.Signin!.IsRelative);
        Assert.Null(relative.Result.ExternalAuth.Signin.LiteralHost);
        var error = refused.SingleErrorOn("auth-signin");
        Assert.Contains("names the variable $remote_addr, which is not expanded here", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host", "$host")]
    [InlineData("HttpHost", "$http_host")]
    [InlineData("BestHttpHost", "$best_http_host")]
    [InlineData("Scheme", "$scheme")]
    [InlineData("PassAccessScheme", "$pass_access_scheme")]
    [InlineData("RequestUri", "$request_uri")]
    [InlineData("EscapedRequestUri", "$escaped_request_uri")]
    [InlineData("RequestMethod", "$request_method")]
    [InlineData("RemoteAddr", "$remote_addr")]
    [InlineData("RemoteUser", "$remote_user")]
    [InlineData("Header", "$http_NAME")]
    [InlineData("Cookie", "$cookie_NAME")]
    public void Messages_write_each_variable_as_nginx_does(string variable, string written) =>
        Assert.Equal(written, AuthTemplate.Name(Enum.Parse<AuthVariable>(variable)));

    [Fact]
    public void Literal_text_alone_has_no_variables_and_beside_one_it_has()
    {
        Assert.Null(AuthTemplate.TryParse("abc", char.IsAsciiLetter, Every, out var literal));
        Assert.Null(AuthTemplate.TryParse("a$host", char.IsAsciiLetter, Every, out var mixed));

        Assert.False(literal!.HasVariables);
        Assert.True(mixed!.HasVariables);
    }

    [Theory]
    [InlineData("://auth.example.com/", "is not a URL; write http://HOST/PATH or https://HOST/PATH")]
    [InlineData("auth.example.com/", "is not a URL; write http://HOST/PATH or https://HOST/PATH")]
    [InlineData("ftp://auth.example.com/", "has the scheme 'ftp'; only http and https (lower case) are allowed")]
    [InlineData("http://:80/", "has an empty host")]
    [InlineData("http://user@auth.example.com/", "has user information ('@'); credentials do not belong in the URL")]
    [InlineData("http://auth.example.com:0/", "has an invalid port (1-65535 are allowed)")]
    [InlineData("http://a..b/", "has an invalid host ('..')")]
    [InlineData("http://[fe80::1/", "has an invalid IPv6 host")]
    [InlineData("https://auth.example.com/check?m=$request_method", "names the variable $request_method, which is not expanded here")]
    [InlineData("/verify", "is not an absolute URL; write http:// or https:// and a host")]
    [InlineData("http:///verify", "has no host")]
    [InlineData("$foo://auth.example.com/", "has the scheme '$foo'; only http and https (lower case) are allowed")]
    [InlineData("http://$http_host/verify", "names the variable $http_host, which is not expanded here (allowed: $host) (a variable must be the whole host)")]
    [InlineData("http://[::1]x/", "has an invalid host")]
    [InlineData("http://[10.0.0.1]/", "has an invalid IPv6 host")]
    [InlineData("http://[::1]:/", "has an invalid port (1-65535 are allowed)")]
    public void A_bad_auth_url_is_refused_with_the_reason(string value, string reason)
    {
        var parsed = Annotated.Parse(("auth-url", value));

        var error = parsed.SingleErrorOn("auth-url");
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$", "has a '$' that starts no variable")]
    [InlineData("a$-b", "has a '$' that starts no variable")]
    [InlineData("$request_body", "names the variable $request_body, which is not expanded here")]
    [InlineData("$http_X_User", "names the variable $http_X_User, which is not expanded here")]
    [InlineData("a b", "has the character ' ' where it is not allowed")]
    public void What_is_not_a_template_is_refused_with_the_reason(string text, string reason)
    {
        var problem = AuthTemplate.TryParse(text, c => c is 'a' or 'b' or '-', Every, out var template);

        Assert.Null(template);
        Assert.StartsWith(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_variable_outside_the_allowed_set_names_the_allowed_ones()
    {
        var problem = AuthTemplate.TryParse("$remote_addr", char.IsAsciiLetter, new HashSet<AuthVariable> { AuthVariable.Scheme, AuthVariable.Host }, out _);

        Assert.Equal("names the variable $remote_addr, which is not expanded here (allowed: $host, $scheme)", problem);
    }
}
