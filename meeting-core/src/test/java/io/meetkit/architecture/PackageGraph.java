package io.meetkit.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The package graph of a set of classes and the two rules of docs/architecture.md's "one-way rule": an API package
 * refers to no {@code internal} package, and the API packages form no cycle among themselves. Pure: built from a map
 * of class name to the classes it refers to, so that the checker itself can be tested on a made-up graph.
 */
final class PackageGraph {

    private final String root;
    private final Set<String> exceptions;
    private final Map<String, Set<String>> classRefs;

    /**
     * @param root the package prefix the rules apply to ({@code io.meetkit}); references outside it are ignored
     * @param exceptions "class -&gt; internal class" pairs allowed to cross (the composition root's one import), each
     *     written {@code a.B->c.internal.D}; they also leave the class out of the cycle check
     * @param classRefs each class and the classes it refers to
     */
    PackageGraph(String root, Set<String> exceptions, Map<String, Set<String>> classRefs) {
        this.root = root;
        this.exceptions = exceptions;
        this.classRefs = classRefs;
    }

    static boolean isInternal(String pkg) {
        return ("." + pkg + ".").contains(".internal.");
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /** The top-level class of a (possibly nested) class name. */
    static String topLevel(String className) {
        int dollar = className.indexOf('$');
        return dollar < 0 ? className : className.substring(0, dollar);
    }

    private boolean inScope(String className) {
        return className.startsWith(root + ".");
    }

    private boolean isException(String from) {
        String top = topLevel(from);
        return exceptions.stream().anyMatch(e -> e.startsWith(top + "->"));
    }

    private boolean allowed(String from, String to) {
        return exceptions.contains(topLevel(from) + "->" + topLevel(to));
    }

    /** Every reference from a class of an API package to a class of an internal package, as "from -&gt; to". */
    List<String> internalReferences() {
        List<String> found = new ArrayList<>();
        new TreeMap<>(classRefs).forEach((from, refs) -> {
            if (!inScope(from) || isInternal(packageOf(from))) {
                return;
            }
            for (String to : refs) {
                if (inScope(to) && isInternal(packageOf(to)) && !allowed(from, to)) {
                    found.add(from + " -> " + to);
                }
            }
        });
        return found;
    }

    /**
     * The API packages' dependency edges, each with one class reference that makes it (for the message). The
     * excepted classes (the composition root) are left out: they may depend on every package.
     */
    Map<String, Map<String, String>> apiEdges() {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        new TreeMap<>(classRefs).forEach((from, refs) -> {
            String fromPkg = packageOf(from);
            if (!inScope(from) || isInternal(fromPkg) || isException(from)) {
                return;
            }
            edges.computeIfAbsent(fromPkg, k -> new TreeMap<>());
            for (String to : new TreeSet<>(refs)) {
                String toPkg = packageOf(to);
                if (inScope(to) && !isInternal(toPkg) && !toPkg.equals(fromPkg) && !isException(to)) {
                    edges.get(fromPkg).putIfAbsent(toPkg, from + " -> " + to);
                }
            }
        });
        return edges;
    }

    /**
     * One cycle per strongly connected group of API packages (Tarjan), each printed as
     * {@code a -> b -> a} with the class reference behind every step; empty when the API packages form no cycle.
     */
    List<String> cycles() {
        Map<String, Map<String, String>> edges = apiEdges();
        List<String> result = new ArrayList<>();
        for (Set<String> group : stronglyConnected(edges)) {
            if (group.size() > 1) {
                result.add(describe(cycleIn(group, edges), edges));
            }
        }
        return result;
    }

    private static List<String> cycleIn(Set<String> group, Map<String, Map<String, String>> edges) {
        // a shortest path from the group's first package back to itself, inside the group (breadth first)
        String start = group.iterator().next();
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.removeFirst();
            for (String next : edges.getOrDefault(at, Map.of()).keySet()) {
                if (!group.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String p = at; p != null; p = parent.get(p)) {
                        path.add(0, p);
                    }
                    path.add(start);
                    return path;
                }
                if (!parent.containsKey(next) && !next.equals(start)) {
                    parent.put(next, at);
                    queue.addLast(next);
                }
            }
        }
        throw new IllegalStateException("no cycle in a strongly connected group " + group);
    }

    private static String describe(List<String> cycle, Map<String, Map<String, String>> edges) {
        StringBuilder sb = new StringBuilder(String.join(" -> ", cycle));
        for (int i = 0; i + 1 < cycle.size(); i++) {
            sb.append("\n    ").append(edges.get(cycle.get(i)).get(cycle.get(i + 1)));
        }
        return sb.toString();
    }

    private static List<Set<String>> stronglyConnected(Map<String, Map<String, String>> edges) {
        Set<String> nodes = new TreeSet<>(edges.keySet());
        edges.values().forEach(m -> nodes.addAll(m.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        List<Set<String>> groups = new ArrayList<>();
        int[] counter = {0};
        for (String n : nodes) {
            if (!index.containsKey(n)) {
                strongConnect(n, edges, index, low, stack, onStack, groups, counter);
            }
        }
        return groups;
    }

    private static void strongConnect(
            String v,
            Map<String, Map<String, String>> edges,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<Set<String>> groups,
            int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Map.of()).keySet()) {
            if (!index.containsKey(w)) {
                strongConnect(w, edges, index, low, stack, onStack, groups, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (!w.equals(v));
            groups.add(group);
        }
    }
}
