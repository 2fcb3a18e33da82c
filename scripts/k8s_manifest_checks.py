"""Checks on rendered Kubernetes manifests, for scripts/check-kubernetes.

    k8s_manifest_checks.py validate VERSION FILE   schemas (strict) + the rules below
    k8s_manifest_checks.py same FILE REFERENCE     the renderer agrees with kustomize
"""
import sys

import kubernetes_validate
import yaml

WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet"}


def load(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d]


def ident(doc):
    return f"{doc['kind']}/{doc['metadata']['name']}"


def rule_failures(docs):
    """What the schemas allow but this deployment must not do."""
    failures = []
    workloads = {d["metadata"]["name"]: d for d in docs if d["kind"] in WORKLOADS}
    for name, workload in workloads.items():
        pod = workload["spec"]["template"]
        if not set(workload["spec"]["selector"].get("matchLabels", {}).items()) <= set(pod["metadata"].get("labels", {}).items()):
            failures.append(f"{ident(workload)}: the selector does not match the pod template's labels")
        for container in pod["spec"]["containers"]:
            where = f"{ident(workload)} container {container['name']}"
            resources = container.get("resources", {})
            for part in ("requests", "limits"):
                for kind in ("cpu", "memory"):
                    if kind not in resources.get(part, {}):
                        failures.append(f"{where}: no resources.{part}.{kind}")
            for probe in ("readinessProbe", "livenessProbe"):
                if probe not in container:
                    failures.append(f"{where}: no {probe}")
            named = {p.get("name") for p in container.get("ports", [])}
            for probe in ("readinessProbe", "livenessProbe"):
                port = container.get(probe, {}).get("httpGet", {}).get("port")
                if isinstance(port, str) and port not in named:
                    failures.append(f"{where}: {probe} uses port {port!r}, which the container does not name")
    for service in (d for d in docs if d["kind"] == "Service"):
        selector = service["spec"].get("selector", {})
        pods = [w for w in workloads.values()
                if set(selector.items()) <= set(w["spec"]["template"]["metadata"].get("labels", {}).items())]
        if not pods:
            failures.append(f"{ident(service)}: selects no workload")
            continue
        ports = {p.get("name") for w in pods for c in w["spec"]["template"]["spec"]["containers"] for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            if isinstance(port.get("targetPort"), str) and port["targetPort"] not in ports:
                failures.append(f"{ident(service)}: targetPort {port['targetPort']!r} is no container port of {[ident(w) for w in pods]}")
    for hpa in (d for d in docs if d["kind"] == "HorizontalPodAutoscaler"):
        target = hpa["spec"]["scaleTargetRef"]
        workload = workloads.get(target["name"])
        if workload is None or workload["kind"] != target["kind"]:
            failures.append(f"{ident(hpa)}: scales {target['kind']}/{target['name']}, which is not in the manifests")
            continue
        if hpa["spec"].get("minReplicas", 1) > hpa["spec"]["maxReplicas"]:
            failures.append(f"{ident(hpa)}: minReplicas > maxReplicas")
        uses_cpu = any(m.get("resource", {}).get("name") == "cpu" for m in hpa["spec"].get("metrics", []))
        if uses_cpu and any("cpu" not in c.get("resources", {}).get("requests", {})
                            for c in workload["spec"]["template"]["spec"]["containers"]):
            failures.append(f"{ident(hpa)}: scales on CPU but a container of {target['name']} requests no CPU")
    return failures


def validate(version, path):
    docs = load(path)
    failures = []
    for doc in docs:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            failures.append(f"{ident(doc)}: {exc.message} at {'/'.join(map(str, exc.path))}")
        except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError) as exc:
            failures.append(f"{ident(doc)}: {exc}")
    failures += rule_failures(docs)
    for failure in failures:
        print(f"  FAIL {path}: {failure}")
    print(f"  {len(docs)} objects, Kubernetes {version} schemas (strict): {'ok' if not failures else f'{len(failures)} problem(s)'}")
    return not failures


def same(path, reference):
    mine = {ident(d) + "/" + d["metadata"].get("namespace", ""): d for d in load(path)}
    theirs = {ident(d) + "/" + d["metadata"].get("namespace", ""): d for d in load(reference)}
    differing = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    for k in differing:
        print(f"  FAIL render-kustomize and kustomize disagree on {k}")
    if not differing:
        print(f"  render-kustomize output equals kustomize's ({len(mine)} objects)")
    return not differing


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "validate" and len(sys.argv) == 4:
        sys.exit(0 if validate(sys.argv[2], sys.argv[3]) else 1)
    if command == "same" and len(sys.argv) == 4:
        sys.exit(0 if same(sys.argv[2], sys.argv[3]) else 1)
    print(__doc__, file=sys.stderr)
    sys.exit(2)
