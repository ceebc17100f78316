// A tiny app published with Native AOT by eng/check-aot.sh: IngressCore's routing, an in-memory
// source and an in-process backend, with no trimming or AOT warning allowed.
using IngressCore.Model;
using IngressCore.Sources;
var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddIngressRouting().LoadFromMemory(new IngressObjects
{
    Ingresses = [new IngressDefinition
    {
        Namespace = "default", Name = "web",
        Rules = [new IngressRule { Host = "aot.example.com", Paths = [new IngressPath { Path = "/", PathType = PathType.Prefix, Backend = IngressBackend.ForService("web", 80) }] }],
    }],
});
var app = builder.Build();
app.UseIngressRouting();
app.MapIngressBackend("web", web => web.Run(c => c.Response.WriteAsync("aot ok\n")));
app.Run();
