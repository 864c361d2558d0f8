# Verifies every DKIM-Signature of a message with Debian's python3-dkim (dkimpy), the independent
# verifier of the DKIM tests. DNS is not asked: the TXT records come from the command line, fed to
# dkimpy through its dnsfunc hook.
#   python3 dkimverify.py MESSAGE_FILE NAME=TXT [NAME=TXT ...]
# Prints one line per signature ("<d> <s> <a> pass|fail") and exits 0 only when all pass.
import sys

import dkim

message = open(sys.argv[1], "rb").read()
records = {}
for arg in sys.argv[2:]:
    name, _, txt = arg.partition("=")
    records[name.rstrip(".").lower()] = txt.encode("ascii")


def dnsfunc(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode("ascii")
    return records.get(name.rstrip(".").lower())


verifier = dkim.DKIM(message)
count = sum(1 for line in message.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
            if line.lower().startswith(b"dkim-signature:"))
if count == 0:
    print("no DKIM-Signature")
    sys.exit(1)
ok = True
for i in range(count):
    reason = ""
    try:
        result = verifier.verify(idx=i, dnsfunc=dnsfunc)
    except dkim.DKIMException as e:
        result, reason = False, " (" + str(e) + ")"
    sig = dict(verifier.signature_fields) if verifier.signature_fields else {}
    print(sig.get(b"d", b"?").decode(), sig.get(b"s", b"?").decode(), sig.get(b"a", b"?").decode(),
          ("pass" if result else "fail") + reason)
    ok = ok and result
sys.exit(0 if ok else 1)
