using System.Globalization;
using ReRanker.Deploy.Tests.Infrastructure;
using ReRanker.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace ReRanker.Deploy.Tests;

/// <summary>Pins what deploy/k8s must contain for the service to run safely on a cluster.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly string K8sDir = Path.Combine(RepoPaths.Root, "deploy", "k8s");

    private static readonly string BaseDir = Path.Combine(K8sDir, "base");

    private static readonly IReadOnlyList<YamlMappingNode> Base = LoadKustomization(BaseDir);

    public static TheoryData<string> ManifestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(K8sDir, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(K8sDir, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Every_manifest_is_valid_yaml_with_a_kind_and_api_version(string file)
    {
        // A YAML error would only surface at `kubectl apply`; catch it here.
        var documents = Yaml.LoadDocuments(Path.Combine(K8sDir, file));

        documents.Should().NotBeEmpty();
        documents.Should().OnlyContain(d => !string.IsNullOrEmpty(d.Scalar("apiVersion")) && !string.IsNullOrEmpty(d.Kind()));
    }

    [Fact]
    public void The_base_kustomization_lists_every_manifest_beside_it_and_deploy_k8s_applies_the_base()
    {
        // A manifest left out of kustomization.yaml is silently never applied.
        var present = Directory.EnumerateFiles(BaseDir, "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml");

        Resources(BaseDir).Should().BeEquivalentTo(present);
        Resources(K8sDir).Should().Equal("base");
    }

    [Fact]
    public void The_http_source_overlay_polls_an_index_instead_of_mounting_the_registry_volume()
    {
        var overlay = Path.Combine(K8sDir, "http-source");
        var patches = Yaml.LoadDocuments(Path.Combine(overlay, "kustomization.yaml"))[0].Items("patches")
            .SelectMany(p => Yaml.LoadDocuments(Path.Combine(overlay, p.Scalar("path")!))).ToList();
        var deployment = patches.Single(p => p.Kind() == "Deployment");
        var env = deployment.Items("spec", "template", "spec", "containers", "0", "env");

        Resources(overlay).Should().Equal("../base");
        env.Should().Contain(e => e.Scalar("name") == "RERANKER__Registry__Source" && e.Scalar("value") == "http");
        env.Should().Contain(e => e.Scalar("name") == "RERANKER__Registry__Http__IndexUrl" && e.Scalar("value")!.StartsWith("http", StringComparison.Ordinal));
        deployment.Items("spec", "template", "spec", "volumes").Should().ContainSingle(v => v.Scalar("name") == "registry" && v.Scalar("$patch") == "delete");
        patches.Should().ContainSingle(p => p.Kind() == "PersistentVolumeClaim" && p.Scalar("$patch") == "delete");
    }

    [Fact]
    public void The_deployment_runs_at_least_two_replicas_with_probes_on_the_health_endpoints()
    {
        var deployment = Single("Deployment");
        var container = deployment.At("spec", "template", "spec", "containers", "0")!;

        int.Parse(deployment.Scalar("spec", "replicas")!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);
        container.Scalar("readinessProbe", "httpGet", "path").Should().Be("/readyz");
        container.Scalar("livenessProbe", "httpGet", "path").Should().Be("/healthz");
        // Probes name the port; it must be the container's 8080 (the image's EXPOSE).
        container.Scalar("readinessProbe", "httpGet", "port").Should().Be("http");
        container.Items("ports").Should().ContainSingle(p => p.Scalar("name") == "http" && p.Scalar("containerPort") == "8080");
    }

    [Fact]
    public void The_container_is_non_root_with_a_read_only_root_and_a_writable_tmp()
    {
        var pod = Single("Deployment").At("spec", "template", "spec")!;
        var container = pod.At("containers", "0")!;

        pod.Scalar("securityContext", "runAsNonRoot").Should().Be("true");
        pod.Scalar("securityContext", "runAsUser").Should().Be("1654", "the aspnet image's app user");
        container.Scalar("securityContext", "readOnlyRootFilesystem").Should().Be("true");
        container.Scalar("securityContext", "allowPrivilegeEscalation").Should().Be("false");
        MountOf(pod, "/tmp").Volume.At("emptyDir").Should().NotBeNull();
    }

    [Fact]
    public void Every_replica_mounts_the_same_registry_read_only_at_slash_registry()
    {
        var pod = Single("Deployment").At("spec", "template", "spec")!;
        var (mount, volume) = MountOf(pod, "/registry");
        var claimName = volume.Scalar("persistentVolumeClaim", "claimName");

        mount.Scalar("readOnly").Should().Be("true");
        var claim = Base.Single(d => d.Kind() == "PersistentVolumeClaim" && d.Name() == claimName);
        claim.Items("spec", "accessModes").Select(n => ((YamlScalarNode)n).Value).Should().Contain("ReadOnlyMany");
        // The service finds the registry through its setting, which the ConfigMap sets to the mount.
        SettingsValue("RERANKER__Registry__Path").Should().Be("/registry");
    }

    [Fact]
    public void The_container_has_cpu_and_memory_requests_and_limits()
    {
        var resources = Single("Deployment").At("spec", "template", "spec", "containers", "0", "resources")!;

        foreach (var kind in new[] { "requests", "limits" })
        {
            resources.Scalar(kind, "cpu").Should().NotBeNullOrEmpty();
            resources.Scalar(kind, "memory").Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public void Settings_come_from_the_config_map_the_deployment_references()
    {
        var container = Single("Deployment").At("spec", "template", "spec", "containers", "0")!;
        var referenced = container.Items("envFrom").Select(e => e.Scalar("configMapRef", "name")).ToList();

        referenced.Should().Contain(Single("ConfigMap").Name());
        SettingsValue("RERANKER__Urls").Should().Be("http://+:8080");
    }

    [Fact]
    public void The_autoscaler_scales_the_deployment_on_cpu_from_two_replicas()
    {
        var hpa = Single("HorizontalPodAutoscaler");

        hpa.Scalar("apiVersion").Should().Be("autoscaling/v2");
        hpa.Scalar("spec", "scaleTargetRef", "kind").Should().Be("Deployment");
        hpa.Scalar("spec", "scaleTargetRef", "name").Should().Be(Single("Deployment").Name());
        int.Parse(hpa.Scalar("spec", "minReplicas")!, CultureInfo.InvariantCulture).Should().BeGreaterThanOrEqualTo(2);
        hpa.Items("spec", "metrics").Should().Contain(m => m.Scalar("resource", "name") == "cpu");
    }

    [Fact]
    public void The_disruption_budget_and_the_service_select_the_deployments_pods()
    {
        var podLabels = (YamlMappingNode)Single("Deployment").At("spec", "template", "metadata", "labels")!;

        Labels(Single("PodDisruptionBudget").At("spec", "selector", "matchLabels")).Should().BeSubsetOf(Labels(podLabels));
        Labels(Single("Service").At("spec", "selector")).Should().BeSubsetOf(Labels(podLabels));
        Single("PodDisruptionBudget").Scalar("spec", "minAvailable").Should().Be("1");
        Single("Service").Items("spec", "ports").Should().Contain(p => p.Scalar("targetPort") == "http");
    }

    [Fact]
    public void Every_replica_is_annotated_for_prometheus_to_scrape_metrics_on_the_http_port()
    {
        var template = Single("Deployment").At("spec", "template")!;
        var container = template.At("spec", "containers", "0")!;
        var httpPort = container.Items("ports").Single(p => p.Scalar("name") == "http").Scalar("containerPort");

        template.Scalar("metadata", "annotations", "prometheus.io/scrape").Should().Be("true");
        template.Scalar("metadata", "annotations", "prometheus.io/path").Should().Be("/metrics");
        template.Scalar("metadata", "annotations", "prometheus.io/port").Should().Be(httpPort);
    }

    [Fact]
    public void The_prometheus_operator_overlay_adds_a_service_monitor_on_the_services_http_port()
    {
        var overlay = Path.Combine(K8sDir, "prometheus-operator");
        var resources = Resources(overlay);
        var monitor = resources.Where(r => r != "../base").SelectMany(r => Yaml.LoadDocuments(Path.Combine(overlay, r)))
            .Should().ContainSingle(d => d.Kind() == "ServiceMonitor").Subject;
        var service = Single("Service");

        resources.Should().Contain("../base");
        monitor.Scalar("apiVersion").Should().Be("monitoring.coreos.com/v1");
        Labels(monitor.At("spec", "selector", "matchLabels")).Should().BeSubsetOf(Labels(service.At("metadata", "labels")));
        var endpoint = monitor.Items("spec", "endpoints").Should().ContainSingle().Subject;
        endpoint.Scalar("path").Should().Be("/metrics");
        service.Items("spec", "ports").Should().Contain(p => p.Scalar("name") == endpoint.Scalar("port"));
    }

    private static YamlMappingNode Single(string kind) => Base.Should().ContainSingle(d => d.Kind() == kind).Subject;

    private static string? SettingsValue(string key) => Single("ConfigMap").Scalar("data", key);

    private static (YamlNode Mount, YamlNode Volume) MountOf(YamlNode pod, string mountPath)
    {
        var mount = pod.Items("containers", "0", "volumeMounts").Should().ContainSingle(m => m.Scalar("mountPath") == mountPath).Subject;
        var volume = pod.Items("volumes").Should().ContainSingle(v => v.Scalar("name") == mount.Scalar("name")).Subject;
        return (mount, volume);
    }

    private static IEnumerable<string> Labels(YamlNode? map) =>
        ((YamlMappingNode)map!).Children.Select(kv => $"{kv.Key}={kv.Value}");

    private static List<string> Resources(string dir) =>
        Yaml.LoadDocuments(Path.Combine(dir, "kustomization.yaml"))[0].Items("resources")
            .Select(n => ((YamlScalarNode)n).Value!).ToList();

    private static List<YamlMappingNode> LoadKustomization(string dir) =>
        Resources(dir).SelectMany(r => Yaml.LoadDocuments(Path.Combine(dir, r))).ToList();
}
