package dev.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules a rendering of {@code k8s/} must keep. Each problem names the object and what is wrong. The rules:
 * <ul>
 *   <li>every Service selects a Deployment's pods and targets a port its containers have;</li>
 *   <li>probes: liveness on {@code /q/health/live}, readiness on {@code /q/health/ready}, startup on
 *       {@code /q/health/started}, all on a port the container has, which is the port Quarkus listens on;</li>
 *   <li>every Secret and ConfigMap referenced (and the key referenced) exists in the rendering or is made by an
 *       operator from a resource in it (CloudNativePG, the Keycloak Operator, External Secrets, cert-manager);</li>
 *   <li>every container and every operator-made workload has CPU and memory requests and limits;</li>
 *   <li>a default-deny NetworkPolicy exists and every workload is selected by a policy of its own;</li>
 *   <li>only {@link #PUBLIC} workloads are reachable from the ingress controller's namespace;</li>
 *   <li>images are pinned: a tag that is not {@code latest}, or a digest;</li>
 *   <li>pods run as non-root, seccomp RuntimeDefault, no privilege escalation, read-only root with a /tmp emptyDir,
 *       all capabilities dropped;</li>
 *   <li>in-namespace URLs in ConfigMaps (JDBC, HTTP) name a Service, a database cluster or Keycloak that exists;</li>
 *   <li>HPAs, PDBs, Ingresses and ServiceMonitors point at objects that exist.</li>
 * </ul>
 */
public final class ManifestCheck {

    /** The workloads the ingress controller may reach: the API gateway and Keycloak's public endpoints. */
    public static final Set<String> PUBLIC = Set.of("Deployment/gateway", "Keycloak/candor-keycloak");
    /** The ingress controller's namespace. */
    public static final String INGRESS_NAMESPACE = "ingress-nginx";

    static final Map<String, String> HEALTH = Map.of("liveness", "/q/health/live", "readiness", "/q/health/ready",
            "startup", "/q/health/started");
    /** Keys of the secret CloudNativePG makes for a cluster's application owner. */
    static final Set<String> CNPG_APP_KEYS = Set.of("username", "user", "password", "host", "port", "dbname", "uri",
            "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri", "pgpass");
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql|https?)://([a-z0-9-]+)(?=[:/]|$)(?::(\\d+))?(/[^?]*)?");

    private final List<Manifests.Parsed> parsed;
    private final Topology topology;
    private final List<String> problems = new ArrayList<>();
    /** Secret name → keys it holds (null: any, decided outside the manifests). */
    private final Map<String, Set<String>> secrets = new HashMap<>();
    private final Map<String, Set<String>> configMaps = new HashMap<>();

    private ManifestCheck(List<Manifests.Parsed> parsed) {
        this.parsed = parsed;
        this.topology = new Topology(parsed);
    }

    /** Renders a kustomization directory and checks it; the list is empty when all is well. */
    public static List<String> check(java.nio.file.Path kustomization) {
        Kustomize.Rendering rendering = Kustomize.render(kustomization);
        List<String> problems = new ArrayList<>(rendering.problems());
        List<Manifests.Parsed> parsed = Manifests.parse(rendering.objects(), problems);
        problems.addAll(check(parsed));
        return problems;
    }

    public static List<String> check(List<Manifests.Parsed> parsed) {
        ManifestCheck c = new ManifestCheck(parsed);
        c.collectProduced();
        c.run();
        return c.problems;
    }

    private void run() {
        for (Manifests.Parsed p : parsed) {
            if (p.typed() instanceof Deployment d) {
                deployment(p, d);
            } else if (p.typed() instanceof Service s) {
                service(p, s);
            } else if (p.typed() instanceof HorizontalPodAutoscaler h) {
                require(exists("Deployment", h.getSpec().getScaleTargetRef().getName())
                                && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind()),
                        p, "scales " + h.getSpec().getScaleTargetRef().getKind() + "/"
                                + h.getSpec().getScaleTargetRef().getName() + ", which does not exist");
            } else if (p.typed() instanceof PodDisruptionBudget b) {
                require(topology.workloads().stream().anyMatch(w -> Topology.matches(b.getSpec().getSelector(),
                        w.podLabels())), p, "selects no pods");
            } else if (p.typed() instanceof Ingress i) {
                ingress(p, i);
            } else if (p.typed() instanceof ConfigMap cm && cm.getData() != null) {
                cm.getData().forEach((k, v) -> url(p, k, v));
            } else {
                custom(p);
            }
        }
        networkPolicies();
    }

    // --- what exists ------------------------------------------------------------------------------------------

    private void collectProduced() {
        for (Manifests.Parsed p : parsed) {
            JsonNode spec = p.tree().path("spec");
            String name = p.name();
            if (p.typed() instanceof Secret s) {
                Set<String> keys = new HashSet<>();
                if (s.getData() != null) {
                    keys.addAll(s.getData().keySet());
                }
                if (s.getStringData() != null) {
                    keys.addAll(s.getStringData().keySet());
                }
                secrets.put(name, keys);
            } else if (p.typed() instanceof ConfigMap cm) {
                configMaps.put(name, cm.getData() == null ? Set.of() : cm.getData().keySet());
            } else if (p.kind().equals("Cluster")) {
                secrets.put(name + "-app", CNPG_APP_KEYS);
                secrets.put(name + "-ca", null);
                secrets.put(name + "-server", null);
                secrets.put(name + "-replication", null);
                if (spec.path("enableSuperuserAccess").asBoolean(false)) {
                    secrets.put(name + "-superuser", CNPG_APP_KEYS);
                }
            } else if (p.kind().equals("Keycloak")) {
                secrets.put(name + "-initial-admin", Set.of("username", "password"));
            } else if (p.kind().equals("ExternalSecret")) {
                String target = spec.path("target").path("name").asText(name);
                if (spec.has("dataFrom")) {
                    secrets.put(target, null);
                } else {
                    Set<String> keys = new HashSet<>();
                    spec.path("data").forEach(d -> keys.add(d.path("secretKey").asText()));
                    spec.path("target").path("template").path("data").fieldNames().forEachRemaining(keys::add);
                    secrets.put(target, keys);
                }
            } else if (p.typed() instanceof Ingress i && certManaged(i) && i.getSpec().getTls() != null) {
                for (IngressTLS tls : i.getSpec().getTls()) {
                    secrets.put(tls.getSecretName(), Set.of("tls.crt", "tls.key"));
                }
            }
        }
    }

    private static boolean certManaged(Ingress i) {
        Map<String, String> a = i.getMetadata().getAnnotations();
        return a != null && (a.containsKey("cert-manager.io/cluster-issuer") || a.containsKey("cert-manager.io/issuer"));
    }

    private boolean exists(String kind, String name) {
        return parsed.stream().anyMatch(p -> p.kind().equals(kind) && p.name().equals(name));
    }

    private void secret(Manifests.Parsed p, String name, String key, String what) {
        if (name == null || !secrets.containsKey(name)) {
            problems.add(p + ": " + what + " refers to Secret '" + name + "', which neither the manifests nor an "
                    + "operator make");
        } else if (key != null && secrets.get(name) != null && !secrets.get(name).contains(key)) {
            problems.add(p + ": " + what + " refers to key '" + key + "' of Secret '" + name + "', which has only "
                    + secrets.get(name));
        }
    }

    private void configMap(Manifests.Parsed p, String name, String key, String what) {
        if (name == null || !configMaps.containsKey(name)) {
            problems.add(p + ": " + what + " refers to ConfigMap '" + name + "', which does not exist");
        } else if (key != null && !configMaps.get(name).contains(key)) {
            problems.add(p + ": " + what + " refers to key '" + key + "' of ConfigMap '" + name + "', which it lacks");
        }
    }

    // --- workloads --------------------------------------------------------------------------------------------

    private void deployment(Manifests.Parsed p, Deployment d) {
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = d.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : Topology.labels(d.getSpec().getTemplate().getMetadata().getLabels());
        require(Topology.matches(d.getSpec().getSelector(), podLabels), p, "its selector does not match its pod labels");
        PodSecurityContext psc = pod.getSecurityContext();
        require(psc != null && Boolean.TRUE.equals(psc.getRunAsNonRoot()), p, "pod must set runAsNonRoot: true");
        require(psc != null && psc.getSeccompProfile() != null
                && "RuntimeDefault".equals(psc.getSeccompProfile().getType()), p, "pod must use seccomp RuntimeDefault");
        Set<String> volumes = new HashSet<>();
        for (Volume v : nullSafe(pod.getVolumes())) {
            volumes.add(v.getName());
            if (v.getSecret() != null) {
                secret(p, v.getSecret().getSecretName(), null, "volume " + v.getName());
                nullSafe(v.getSecret().getItems()).forEach(item ->
                        secret(p, v.getSecret().getSecretName(), item.getKey(), "volume " + v.getName()));
            }
            if (v.getConfigMap() != null) {
                configMap(p, v.getConfigMap().getName(), null, "volume " + v.getName());
            }
        }
        List<Container> all = new ArrayList<>(nullSafe(pod.getInitContainers()));
        all.addAll(nullSafe(pod.getContainers()));
        for (Container c : all) {
            String where = "container " + c.getName();
            image(p, c.getImage(), where);
            resources(p, c.getResources(), where);
            SecurityContext sc = c.getSecurityContext();
            require(sc != null && Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation()), p,
                    where + " must set allowPrivilegeEscalation: false");
            require(sc != null && Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem()), p,
                    where + " must set readOnlyRootFilesystem: true");
            require(sc != null && sc.getCapabilities() != null && sc.getCapabilities().getDrop() != null
                    && sc.getCapabilities().getDrop().contains("ALL"), p, where + " must drop ALL capabilities");
            require(nullSafe(c.getVolumeMounts()).stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                    && pod.getVolumes().stream().anyMatch(v -> v.getName().equals(m.getName())
                    && v.getEmptyDir() != null)), p, where + " needs an emptyDir at /tmp (read-only root)");
            nullSafe(c.getVolumeMounts()).forEach(m -> require(volumes.contains(m.getName()), p,
                    where + " mounts volume '" + m.getName() + "', which the pod does not have"));
            Map<String, String> env = new HashMap<>();
            for (EnvFromSource from : nullSafe(c.getEnvFrom())) {
                if (from.getConfigMapRef() != null) {
                    configMap(p, from.getConfigMapRef().getName(), null, where + " envFrom");
                    configMapData(from.getConfigMapRef().getName()).forEach(env::put);
                }
                if (from.getSecretRef() != null) {
                    secret(p, from.getSecretRef().getName(), null, where + " envFrom");
                }
            }
            for (EnvVar e : nullSafe(c.getEnv())) {
                if (e.getValue() != null) {
                    env.put(e.getName(), e.getValue());
                }
                if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                    secret(p, e.getValueFrom().getSecretKeyRef().getName(), e.getValueFrom().getSecretKeyRef().getKey(),
                            where + " env " + e.getName());
                }
                if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                    configMap(p, e.getValueFrom().getConfigMapKeyRef().getName(),
                            e.getValueFrom().getConfigMapKeyRef().getKey(), where + " env " + e.getName());
                }
            }
            if (pod.getContainers().contains(c)) {
                probes(p, c, env);
            }
        }
    }

    private Map<String, String> configMapData(String name) {
        for (Manifests.Parsed p : parsed) {
            if (p.typed() instanceof ConfigMap cm && p.name().equals(name) && cm.getData() != null) {
                return cm.getData();
            }
        }
        return Map.of();
    }

    private void probes(Manifests.Parsed p, Container c, Map<String, String> env) {
        String where = "container " + c.getName();
        List<ContainerPort> ports = nullSafe(c.getPorts());
        require(!ports.isEmpty(), p, where + " declares no port");
        String httpPort = env.get("QUARKUS_HTTP_PORT");
        if (httpPort != null) {
            require(ports.stream().anyMatch(port -> String.valueOf(port.getContainerPort()).equals(httpPort)), p,
                    where + " declares no port " + httpPort + ", where QUARKUS_HTTP_PORT says Quarkus listens");
        }
        Map<String, Probe> probes = new HashMap<>();
        probes.put("liveness", c.getLivenessProbe());
        probes.put("readiness", c.getReadinessProbe());
        probes.put("startup", c.getStartupProbe());
        probes.forEach((kind, probe) -> {
            if (probe == null || probe.getHttpGet() == null) {
                problems.add(p + ": " + where + " has no HTTP " + kind + " probe");
                return;
            }
            require(HEALTH.get(kind).equals(probe.getHttpGet().getPath()), p, where + " " + kind + " probe asks "
                    + probe.getHttpGet().getPath() + ", not " + HEALTH.get(kind));
            require(hasPort(ports, probe.getHttpGet().getPort()), p, where + " " + kind + " probe uses port "
                    + portText(probe.getHttpGet().getPort()) + ", which the container does not declare");
            if (httpPort != null && probe.getHttpGet().getPort() != null) {
                IntOrString port = probe.getHttpGet().getPort();
                ports.stream().filter(cp -> port.getIntVal() != null ? Objects.equals(cp.getContainerPort(),
                                port.getIntVal()) : port.getStrVal().equals(cp.getName()))
                        .findFirst().ifPresent(cp -> require(String.valueOf(cp.getContainerPort()).equals(httpPort), p,
                                where + " " + kind + " probe hits port " + cp.getContainerPort()
                                        + ", but Quarkus listens on " + httpPort));
            }
        });
    }

    private static boolean hasPort(List<ContainerPort> ports, IntOrString port) {
        if (port == null) {
            return false;
        }
        return ports.stream().anyMatch(cp -> port.getIntVal() != null ? Objects.equals(cp.getContainerPort(),
                port.getIntVal()) : port.getStrVal().equals(cp.getName()));
    }

    private static String portText(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private void resources(Manifests.Parsed p, ResourceRequirements r, String where) {
        for (String kind : List.of("cpu", "memory")) {
            require(r != null && r.getRequests() != null && r.getRequests().containsKey(kind), p,
                    where + " has no " + kind + " request");
            require(r != null && r.getLimits() != null && r.getLimits().containsKey(kind), p,
                    where + " has no " + kind + " limit");
        }
    }

    private void resources(Manifests.Parsed p, JsonNode resources) {
        for (String kind : List.of("cpu", "memory")) {
            require(resources.path("requests").has(kind), p, "has no " + kind + " request");
            require(resources.path("limits").has(kind), p, "has no " + kind + " limit");
        }
    }

    private void image(Manifests.Parsed p, String image, String where) {
        if (image == null || image.isBlank()) {
            problems.add(p + ": " + where + " has no image");
            return;
        }
        if (image.contains("@sha256:")) {
            return;
        }
        String repository = Manifests.repository(image);
        String tag = image.length() > repository.length() ? image.substring(repository.length() + 1) : "";
        require(!tag.isEmpty(), p, where + " image " + image + " has no tag");
        require(!tag.equals("latest"), p, where + " image " + image + " is not pinned ('latest')");
    }

    // --- services, ingress, URLs -----------------------------------------------------------------------------

    private void service(Manifests.Parsed p, Service s) {
        Map<String, String> selector = s.getSpec().getSelector();
        List<Deployment> selected = parsed.stream().map(Manifests.Parsed::typed).filter(Deployment.class::isInstance)
                .map(Deployment.class::cast)
                .filter(d -> d.getSpec().getTemplate().getMetadata() != null
                        && Topology.matches(selector, Topology.labels(d.getSpec().getTemplate().getMetadata().getLabels())))
                .toList();
        if (selected.isEmpty()) {
            problems.add(p + ": selector " + selector + " matches no Deployment's pods");
            return;
        }
        for (ServicePort port : nullSafe(s.getSpec().getPorts())) {
            IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
            for (Deployment d : selected) {
                require(d.getSpec().getTemplate().getSpec().getContainers().stream()
                                .anyMatch(c -> hasPort(nullSafe(c.getPorts()), target)), p,
                        "port " + port.getName() + " targets " + portText(target) + ", which Deployment/"
                                + d.getMetadata().getName() + " does not declare");
            }
        }
    }

    /** Services reachable by name inside the namespace, with their ports. */
    private Map<String, Set<String>> serviceNames() {
        Map<String, Set<String>> result = new HashMap<>();
        for (Manifests.Parsed p : parsed) {
            if (p.typed() instanceof Service s) {
                Set<String> ports = new HashSet<>();
                nullSafe(s.getSpec().getPorts()).forEach(sp -> {
                    ports.add(String.valueOf(sp.getPort()));
                    if (sp.getName() != null) {
                        ports.add(sp.getName());
                    }
                });
                result.put(p.name(), ports);
            } else if (p.kind().equals("Cluster")) {
                for (String suffix : List.of("-rw", "-ro", "-r")) {
                    result.put(p.name() + suffix, Set.of("5432", "postgres"));
                }
            } else if (p.kind().equals("Keycloak")) {
                result.put(p.name() + "-service", Set.of("8080", "http", "8443", "https"));
            }
        }
        return result;
    }

    private void ingress(Manifests.Parsed p, Ingress i) {
        Map<String, Set<String>> services = serviceNames();
        for (IngressTLS tls : nullSafe(i.getSpec().getTls())) {
            secret(p, tls.getSecretName(), null, "TLS");
        }
        for (IngressRule rule : nullSafe(i.getSpec().getRules())) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                var backend = path.getBackend().getService();
                String port = backend.getPort().getName() != null ? backend.getPort().getName()
                        : String.valueOf(backend.getPort().getNumber());
                require(services.containsKey(backend.getName()) && services.get(backend.getName()).contains(port), p,
                        "path " + path.getPath() + " goes to service " + backend.getName() + " port " + port
                                + ", which does not exist");
            }
        }
    }

    private void url(Manifests.Parsed p, String key, String value) {
        Matcher m = URL.matcher(value);
        if (!m.find()) {
            return;
        }
        Map<String, Set<String>> services = serviceNames();
        String host = m.group(2);
        String port = m.group(3) != null ? m.group(3) : m.group(1).equals("https") ? "443"
                : m.group(1).equals("http") ? "80" : "5432";
        if (!services.containsKey(host) || !services.get(host).contains(port)) {
            problems.add(p + ": " + key + " points at " + host + ":" + port + ", which no Service, database cluster "
                    + "or Keycloak in the manifests serves");
            return;
        }
        if (m.group(1).equals("jdbc:postgresql") && m.group(4) != null) {
            String cluster = host.substring(0, host.lastIndexOf('-'));
            String database = m.group(4).substring(1);
            parsed.stream().filter(c -> c.kind().equals("Cluster") && c.name().equals(cluster)).findFirst()
                    .ifPresent(c -> require(database.equals(c.tree().path("spec").path("bootstrap").path("initdb")
                            .path("database").asText()), p, key + " names database '" + database + "', but "
                            + "Cluster/" + cluster + " makes '" + c.tree().path("spec").path("bootstrap")
                            .path("initdb").path("database").asText() + "'"));
        }
    }

    // --- custom resources -------------------------------------------------------------------------------------

    private void custom(Manifests.Parsed p) {
        JsonNode spec = p.tree().path("spec");
        switch (p.kind()) {
            case "Cluster" -> {
                resources(p, spec.path("resources"));
                image(p, spec.path("imageName").asText(null), "imageName");
                require(spec.path("bootstrap").path("initdb").hasNonNull("database")
                        && spec.path("bootstrap").path("initdb").hasNonNull("owner"), p,
                        "bootstrap.initdb must name the database and its owner");
                for (JsonNode role : spec.path("managed").path("roles")) {
                    if (role.has("passwordSecret")) {
                        String name = role.path("passwordSecret").path("name").asText(null);
                        secret(p, name, "username", "managed role " + role.path("name").asText());
                        secret(p, name, "password", "managed role " + role.path("name").asText());
                    }
                }
                replication(p, spec);
            }
            case "Keycloak" -> {
                resources(p, spec.path("resources"));
                image(p, spec.path("image").asText(null), "image");
                for (String field : List.of("usernameSecret", "passwordSecret")) {
                    JsonNode ref = spec.path("db").path(field);
                    secret(p, ref.path("name").asText(null), ref.path("key").asText(null), "db." + field);
                }
                String host = spec.path("db").path("host").asText("");
                require(serviceNames().containsKey(host), p, "db.host " + host + " is no database cluster's service");
            }
            case "KeycloakRealmImport" -> {
                require(exists("Keycloak", spec.path("keycloakCRName").asText()), p,
                        "keycloakCRName " + spec.path("keycloakCRName").asText() + " does not exist");
                spec.path("placeholders").fields().forEachRemaining(e -> secret(p,
                        e.getValue().path("secret").path("name").asText(null),
                        e.getValue().path("secret").path("key").asText(null), "placeholder " + e.getKey()));
            }
            case "ServiceMonitor" -> {
                Map<String, String> selector = Topology.labels(spec.path("selector").path("matchLabels"));
                List<Service> selected = parsed.stream().map(Manifests.Parsed::typed)
                        .filter(Service.class::isInstance).map(Service.class::cast)
                        .filter(s -> Topology.matches(selector, Topology.labels(s.getMetadata().getLabels())))
                        .toList();
                require(!selected.isEmpty(), p, "selects no Service");
                for (JsonNode endpoint : spec.path("endpoints")) {
                    String port = endpoint.path("port").asText();
                    selected.forEach(s -> require(s.getSpec().getPorts().stream()
                            .anyMatch(sp -> port.equals(sp.getName())), p, "endpoint port '" + port
                            + "' is not a named port of Service/" + s.getMetadata().getName()));
                    require("/q/metrics".equals(endpoint.path("path").asText()), p,
                            "endpoint path must be /q/metrics");
                }
            }
            default -> {
            }
        }
    }

    // --- network policies -------------------------------------------------------------------------------------

    private void networkPolicies() {
        boolean defaultDeny = topology.policies().stream().anyMatch(np -> isEmpty(np)
                && np.getSpec().getPolicyTypes() != null
                && np.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && nullSafe(np.getSpec().getIngress()).isEmpty() && nullSafe(np.getSpec().getEgress()).isEmpty());
        if (!defaultDeny) {
            problems.add("NetworkPolicy: no default-deny policy (empty podSelector, Ingress and Egress, no rules)");
        }
        for (Topology.Workload w : topology.workloads()) {
            require(topology.policiesFor(w).stream().anyMatch(np -> !isEmpty(np)), w.id(),
                    "is selected by no NetworkPolicy of its own");
        }
        topology.ingress().forEach((workload, from) -> {
            if (from.contains("namespace:" + INGRESS_NAMESPACE) && !PUBLIC.contains(workload)) {
                problems.add(workload + ": reachable from the ingress controller, but only " + PUBLIC + " may be");
            }
            if (from.contains("*") || from.contains("namespace:*")) {
                problems.add(workload + ": reachable from anywhere");
            }
        });
    }

    private static boolean isEmpty(NetworkPolicy np) {
        var s = np.getSpec().getPodSelector();
        return s == null || ((s.getMatchLabels() == null || s.getMatchLabels().isEmpty())
                && (s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty()));
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /**
     * Synchronous standbys as CloudNativePG accepts them (fewer than the instances: its webhook refuses the rest),
     * and on for the ledger's database wherever it has replicas: a 201 from the ledger must survive a failover
     * (docs/k8s.md, "The ledger's database replicates synchronously").
     */
    private void replication(Manifests.Parsed p, JsonNode spec) {
        int instances = spec.path("instances").asInt(1);
        JsonNode synchronous = spec.path("postgresql").path("synchronous");
        int number = synchronous.path("number").asInt(0);
        if (!synchronous.isMissingNode()) {
            require(Set.of("any", "first").contains(synchronous.path("method").asText()), p,
                    "postgresql.synchronous.method must be any or first");
            require(number >= 1 && number < instances, p, "postgresql.synchronous.number " + number
                    + " needs more instances than that (" + instances + " here): CloudNativePG refuses it");
        }
        boolean ledger = p.tree().path("metadata").path("labels").path("candor.dev/database-of").asText()
                .equals("disclosure-ledger");
        require(!ledger || instances < 2 || number >= 1 || spec.path("minSyncReplicas").asInt(0) >= 1, p,
                "replicates asynchronously with " + instances + " instances: a failover can lose ledger entries"
                        + " already answered 201; set postgresql.synchronous (method any, number 1)");
    }

    private void require(boolean ok, Object where, String problem) {
        if (!ok) {
            problems.add(where + ": " + problem);
        }
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
