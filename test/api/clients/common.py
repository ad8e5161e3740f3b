"""What every script here does first, as an admin would: pin the certificate the lab showed.

The lab prints (and its "vSphere API" panel shows) each vCenter's SHA-256 thumbprint. pyVmomi 6.7
pins SHA-1, so the script fetches the certificate, checks its SHA-256 against the one the lab
showed, and gives SmartConnect that same certificate's SHA-1. Arguments come as JSON in argv[1]:
{"vcenters": {"<fqdn>": {"port": N, "sha256": "AA:..", "user": "...", "password": "..."}}, ...}.
"""
import hashlib
import json
import ssl
import sys
import time

from pyVim.connect import SmartConnect, Disconnect
from pyVmomi import vim, vmodl


def args():
    return json.loads(sys.argv[1])


def colon(hexdigest):
    return ":".join(hexdigest[i:i + 2] for i in range(0, len(hexdigest), 2)).upper()


def thumbprints(port):
    pem = ssl.get_server_certificate(("127.0.0.1", port))
    der = ssl.PEM_cert_to_DER_cert(pem)
    return colon(hashlib.sha1(der).hexdigest()), colon(hashlib.sha256(der).hexdigest())


def connect(vc):
    sha1, sha256 = thumbprints(vc["port"])
    if sha256 != vc["sha256"].upper():
        raise SystemExit("certificate mismatch: lab shows %s, server presents %s" % (vc["sha256"], sha256))
    context = ssl._create_unverified_context()  # trust comes from the pinned thumbprint
    si = SmartConnect(host="127.0.0.1", port=vc["port"], user=vc["user"], pwd=vc["password"],
                      thumbprint=sha1, sslContext=context)
    return si, sha1


def find_vm(si, name):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vim.VirtualMachine], True)
    try:
        for vm in view.view:
            if vm.name == name:
                return vm
    finally:
        view.Destroy()
    raise SystemExit("no VM named %s" % name)


def find_by_name(si, vimtype, name):
    content = si.RetrieveContent()
    view = content.viewManager.CreateContainerView(content.rootFolder, [vimtype], True)
    try:
        for obj in view.view:
            if obj.name == name:
                return obj
    finally:
        view.Destroy()
    raise SystemExit("no %s named %s" % (vimtype.__name__, name))


def wait_updates_ex(si, task):
    """Waits like most admin scripts: a private collector, a filter on info.state, WaitForUpdatesEx."""
    pc = si.content.propertyCollector.CreatePropertyCollector()
    spec = vmodl.query.PropertyCollector.FilterSpec(
        objectSet=[vmodl.query.PropertyCollector.ObjectSpec(obj=task)],
        propSet=[vmodl.query.PropertyCollector.PropertySpec(type=vim.Task, pathSet=["info.state", "info.error", "info.progress"])])
    flt = pc.CreateFilter(spec, True)
    version, state, error, progress = "", None, None, []
    try:
        while state not in ("success", "error"):
            update = pc.WaitForUpdatesEx(version, vmodl.query.PropertyCollector.WaitOptions(maxWaitSeconds=5))
            if update is None:
                continue
            version = update.version
            for fs in update.filterSet:
                for os_ in fs.objectSet:
                    for change in os_.changeSet:
                        if change.name == "info.state":
                            state = change.val
                        elif change.name == "info.error":
                            error = change.val
                        elif change.name == "info.progress" and change.val is not None:
                            progress.append(change.val)
    finally:
        flt.Destroy()
        pc.Destroy()
    return state, error, progress


def emit(result):
    print(json.dumps(result, default=str))
