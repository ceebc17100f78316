#!/usr/bin/env bash
# Packs the solution and checks what a user gets: every package with its XML docs, icon, README,
# license, repository metadata and symbols; the tool installed from the packs into a temporary
# tool path and run on the bundled examples; and a new app that references the packed IngressCore
# and IngressCore.Kubernetes built with README's app example as its Program.cs; then
# docs/getting-started.md followed step by step against the packs (eng/check-getting-started.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet pack IngressCore.sln -c Release -o "$work/packs" -v quiet -nologo >/dev/null
version=$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' eng/Library.props)

fail() { echo "check-packages: $*" >&2; exit 1; }
for id in IngressCore IngressCore.Kubernetes IngressCore.Proxy dotnet-ingresscore; do
  nupkg="$work/packs/$id.$version.nupkg"
  if [ "$id" = IngressCore.Proxy ] && [ ! -d src/IngressCore.Proxy ]; then continue; fi
  [ -f "$nupkg" ] || fail "$id: no package $nupkg"
  [ -f "$work/packs/$id.$version.snupkg" ] || fail "$id: no symbol package"
  files=$(unzip -Z1 "$nupkg")
  nuspec=$(unzip -p "$nupkg" "$id.nuspec")
  for f in icon.png README.md; do grep -qx "$f" <<<"$files" || fail "$id: no $f in the package"; done
  grep -q '<license type="expression">' <<<"$nuspec" || fail "$id: no license expression"
  grep -q '<repository type="git" url="https://' <<<"$nuspec" || fail "$id: no repository metadata"
  if [ "$id" != dotnet-ingresscore ]; then
    grep -qx "lib/net10.0/$id.xml" <<<"$files" || fail "$id: no XML documentation (lib/net10.0/$id.xml)"
  fi
done
echo "check-packages: packages complete ($version)"

# From here on the packages come from a cache of this check's own, so a package of the same version
# restored earlier (an older build of it) cannot stand in for the one just packed.
export NUGET_PACKAGES="$work/nuget-packages"

dotnet tool install --tool-path "$work/tool" --add-source "$work/packs" dotnet-ingresscore --version "$version" >/dev/null
"$work/tool/ingresscore" --version | grep -qx "ingresscore $version" || fail "the installed tool does not say its version"
"$work/tool/ingresscore" validate docs/examples >/dev/null 2>&1 || fail "the installed tool cannot validate docs/examples"
echo "check-packages: the tool installs and runs"

mkdir -p "$work/app"
cat > "$work/app/app.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RestoreAdditionalProjectSources>$work/packs</RestoreAdditionalProjectSources>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="IngressCore" Version="$version" />
    <PackageReference Include="IngressCore.Kubernetes" Version="$version" />
  </ItemGroup>
</Project>
XML
# README's first C# block: the app example, as a reader copies it.
awk '/^```csharp$/{n++; if (n==1) {grab=1; next}} /^```$/{grab=0} grab' README.md > "$work/app/Program.cs"
# The app is built outside the repository, so its Directory.Build.props and package pins do not apply.
(cd "$work/app" && dotnet build -v quiet -nologo >/dev/null) || fail "an app referencing the packed IngressCore does not build with README's example"
echo "check-packages: an app builds against the packs"

# docs/getting-started.md, followed step by step against the packs.
eng/check-getting-started.sh "$work/packs"
