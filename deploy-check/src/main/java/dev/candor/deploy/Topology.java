package dev.candor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pods a rendering makes (its own Deployments and the pods the operators make for its custom resources) and what
 * its NetworkPolicies let them reach. Peers inside the namespace are named by workload ({@code Kind/name}); peers
 * elsewhere as {@code namespace:<name>} (or {@code namespace:*}) and {@code ip:<cidr>}.
 */
public final class Topology {

    /** A set of pods: who makes them, and the labels they carry. */
    public record Workload(String kind, String name, Map<String, String> podLabels) {
        public String id() {
            return kind + "/" + name;
        }
    }

    private final List<Workload> workloads = new ArrayList<>();
    private final List<NetworkPolicy> policies = new ArrayList<>();

    public Topology(List<Manifests.Parsed> parsed) {
        for (Manifests.Parsed p : parsed) {
            if (p.typed() instanceof Deployment d) {
                workloads.add(new Workload("Deployment", p.name(), labels(d.getSpec().getTemplate().getMetadata()
                        == null ? null : d.getSpec().getTemplate().getMetadata().getLabels())));
            } else if (p.typed() instanceof StatefulSet s) {
                workloads.add(new Workload("StatefulSet", p.name(), labels(s.getSpec().getTemplate().getMetadata()
                        == null ? null : s.getSpec().getTemplate().getMetadata().getLabels())));
            } else if (p.typed() instanceof NetworkPolicy np) {
                policies.add(np);
            } else if (p.kind().equals("Cluster") && p.tree().path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                // CloudNativePG labels every instance pod with its cluster's name.
                workloads.add(new Workload("Cluster", p.name(), Map.of("cnpg.io/cluster", p.name(),
                        "cnpg.io/podRole", "instance")));
            } else if (p.kind().equals("Keycloak")) {
                // The Keycloak Operator's pod labels.
                workloads.add(new Workload("Keycloak", p.name(), Map.of("app", "keycloak",
                        "app.kubernetes.io/instance", p.name(), "app.kubernetes.io/managed-by", "keycloak-operator",
                        "app.kubernetes.io/component", "server")));
            }
        }
    }

    public List<Workload> workloads() {
        return workloads;
    }

    public List<NetworkPolicy> policies() {
        return policies;
    }

    public Optional<Workload> workload(String id) {
        return workloads.stream().filter(w -> w.id().equals(id)).findFirst();
    }

    /** The policies that select a workload's pods. */
    public List<NetworkPolicy> policiesFor(Workload w) {
        return policies.stream().filter(p -> matches(p.getSpec().getPodSelector(), w.podLabels())).toList();
    }

    /** What each workload may open connections to. */
    public Map<String, Set<String>> egress() {
        return peers(p -> p.getSpec().getEgress() == null ? List.of()
                : p.getSpec().getEgress().stream().map(NetworkPolicyEgressRule::getTo).toList());
    }

    /** Who may open connections to each workload. */
    public Map<String, Set<String>> ingress() {
        return peers(p -> p.getSpec().getIngress() == null ? List.of()
                : p.getSpec().getIngress().stream().map(NetworkPolicyIngressRule::getFrom).toList());
    }

    private Map<String, Set<String>> peers(Function<NetworkPolicy, List<List<NetworkPolicyPeer>>> rules) {
        Map<String, Set<String>> result = new TreeMap<>();
        for (Workload w : workloads) {
            Set<String> peers = new TreeSet<>();
            policiesFor(w).forEach(p -> rules.apply(p).forEach(rule -> peers.addAll(describe(rule))));
            result.put(w.id(), peers);
        }
        return result;
    }

    private Set<String> describe(List<NetworkPolicyPeer> peers) {
        Set<String> result = new TreeSet<>();
        if (peers == null || peers.isEmpty()) {
            result.add("*");
            return result;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                result.add("ip:" + peer.getIpBlock().getCidr());
            } else if (peer.getNamespaceSelector() != null) {
                Map<String, String> ns = peer.getNamespaceSelector().getMatchLabels();
                result.add("namespace:" + (ns == null ? "*" : ns.getOrDefault("kubernetes.io/metadata.name", "*")));
            } else if (peer.getPodSelector() != null) {
                workloads.stream().filter(w -> matches(peer.getPodSelector(), w.podLabels()))
                        .forEach(w -> result.add(w.id()));
            }
        }
        return result;
    }

    /** Kubernetes label-selector semantics: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : new LinkedHashMap<>(labels);
    }

    static Map<String, String> labels(JsonNode node) {
        Map<String, String> result = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue().asText()));
        return result;
    }
}
