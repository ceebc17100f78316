#!/usr/bin/env bash
# Publishes eng/aot-check (UseIngressRouting, an in-memory source, an in-process backend) with
# Native AOT against the packed IngressCore, failing on any trimming or AOT warning, then runs it
# and routes two requests through it.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
app=""
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; rm -rf "$work"' EXIT

dotnet pack src/IngressCore/IngressCore.csproj -c Release -o "$work/packs" -v quiet -nologo >/dev/null
version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' eng/Library.props)
mkdir -p "$work/app"
cp eng/aot-check/Program.cs "$work/app/"
cat > "$work/app/aot.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <PublishAot>true</PublishAot>
    <InvariantGlobalization>true</InvariantGlobalization>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <RestoreAdditionalProjectSources>$work/packs</RestoreAdditionalProjectSources>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IngressCore" Version="$version" />
  </ItemGroup>
</Project>
XML
if ! (cd "$work/app" && dotnet publish -c Release -o out -v quiet -nologo > "$work/publish.log" 2>&1); then
  cat "$work/publish.log" >&2
  echo "check-aot: the Native AOT publish failed (a trimming or AOT warning fails it too)" >&2
  exit 1
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ASPNETCORE_URLS="http://127.0.0.1:$port" "$work/app/out/aot" >"$work/run.log" 2>&1 &
app=$!
for _ in $(seq 100); do
  if curl -sf -o /dev/null "http://127.0.0.1:$port/" -H 'Host: aot.example.com'; then break; fi
  sleep 0.1
done
[ "$(curl -s -H 'Host: aot.example.com' "http://127.0.0.1:$port/x")" = "aot ok" ] || { cat "$work/run.log" >&2; echo "check-aot: the routed request was not answered by the backend" >&2; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: other.example.com' "http://127.0.0.1:$port/")" = 404 ] || { echo "check-aot: an unrouted host was not 404" >&2; exit 1; }
echo "check-aot: the Native AOT app routes (IngressCore $version)"
