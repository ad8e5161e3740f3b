"""The client of bench/vsphere-api-bench.ts: the same pyVmomi calls against the lab and vcsim.

argv[1] is JSON {"port", "user", "password", "retrieves", "relocations", "threads"}. Between phases it
prints "ready <phase>" and waits for a line on stdin, so the bench reads the server's CPU time right
before and after each phase; after each phase it prints "done <phase> <seconds>".
"""
import json
import ssl
import sys
import threading
import time

from pyVim.connect import SmartConnect, Disconnect
from pyVmomi import vim, vmodl

PC = vmodl.query.PropertyCollector
a = json.loads(sys.argv[1])
# Localhost only: the lab's certificate is checked by the bench (SHA-256 it printed); vcsim's is self-signed.
si = SmartConnect(host="127.0.0.1", port=a["port"], user=a["user"], pwd=a["password"],
                  sslContext=ssl._create_unverified_context())
content = si.RetrieveContent()
view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)


def phase(name):
    print("ready " + name, flush=True)
    sys.stdin.readline()
    return time.time()


def retrieve_all(paths):
    """Every VM of the view with the given properties, 1,000 objects a page."""
    spec = PC.FilterSpec(
        objectSet=[PC.ObjectSpec(obj=view, skip=True, selectSet=[
            PC.TraversalSpec(name="view", type=vim.view.ContainerView, path="view", skip=False)])],
        propSet=[PC.PropertySpec(type=vim.VirtualMachine, pathSet=paths)])
    pc = content.propertyCollector
    page = pc.RetrievePropertiesEx([spec], PC.RetrieveOptions(maxObjects=1000))
    out = list(page.objects)
    while page.token:
        page = pc.ContinueRetrievePropertiesEx(page.token)
        out.extend(page.objects)
    return out


def props(obj):
    return {p.name: p.val for p in obj.propSet}


t0 = phase("retrieve")
for _ in range(a["retrieves"]):
    vms = retrieve_all(["name", "runtime.host", "runtime.powerState"])
print("done retrieve %.3f %d" % (time.time() - t0, len(vms)), flush=True)

# Setup (not measured): each relocated VM goes to the next host of its own cluster.
hosts_of = {}
plan = []
for obj in vms[:a["relocations"]]:
    host = props(obj)["runtime.host"]
    cluster = host.parent
    if cluster not in hosts_of:
        hosts_of[cluster] = list(cluster.host)
    peers = hosts_of[cluster]
    target = peers[(peers.index(host) + 1) % len(peers)]
    plan.append((obj.obj, vim.vm.RelocateSpec(host=target, pool=cluster.resourcePool)))
errors = []


def worker(jobs):
    pc = content.propertyCollector.CreatePropertyCollector()
    for vm, spec in jobs:
        task = vm.RelocateVM_Task(spec, vim.VirtualMachine.MovePriority.highPriority)
        flt = pc.CreateFilter(PC.FilterSpec(objectSet=[PC.ObjectSpec(obj=task)], propSet=[
            PC.PropertySpec(type=vim.Task, pathSet=["info.state"])]), True)
        version, state = "", None
        while state not in ("success", "error"):
            update = pc.WaitForUpdatesEx(version, PC.WaitOptions(maxWaitSeconds=30))
            if update is None:
                continue
            version = update.version
            for fs in update.filterSet:
                for o in fs.objectSet:
                    for change in o.changeSet:
                        state = change.val if change.name == "info.state" else state
        flt.Destroy()
        if state == "error":
            errors.append(task.info.error.msg)
    pc.Destroy()


threads = [threading.Thread(target=worker, args=(plan[i::a["threads"]],)) for i in range(a["threads"])]
t0 = phase("relocate")
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done relocate %.3f %d" % (time.time() - t0, len(plan) - len(errors)), flush=True)
if errors:
    print("errors %d, first: %s" % (len(errors), errors[0]), flush=True)
view.Destroy()
Disconnect(si)
