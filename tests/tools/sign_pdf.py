#!/usr/bin/env python3
"""Signs every empty signature field of a PDF in turn with pyHanko, then validates each signature.

Usage: sign_pdf.py IN.pdf OUT.pdf WORKDIR

A throw-away self-signed certificate is generated in WORKDIR (one per signatory would change
nothing to what is checked: that the fields cpom wrote can be signed one after the other, each
signature in its own revision, and that every signature stays intact and valid with only form
filling after it). Prints one JSON object:
  {"fields_before": [[name, filled], ...],
   "signatures": [{"field", "intact", "valid", "coverage", "modification_level", "bottom_line"}]}
"""

import datetime
import io
import json
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from asn1crypto import x509 as asn1_x509


def certificate(workdir):
    key_path = os.path.join(workdir, "key.pem")
    cert_path = os.path.join(workdir, "cert.pem")
    if not os.path.exists(cert_path):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cpom tests"),
            x509.NameAttribute(NameOID.COMMON_NAME, "Signataire de test"),
        ])
        now = datetime.datetime.now(datetime.timezone.utc)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True, content_commitment=True, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=False,
                    crl_sign=False, encipher_only=False, decipher_only=False,
                ),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        with open(key_path, "wb") as f:
            f.write(key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ))
        with open(cert_path, "wb") as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def main():
    src, dst, workdir = sys.argv[1:4]
    os.makedirs(workdir, exist_ok=True)
    key_path, cert_path = certificate(workdir)
    signer = signers.SimpleSigner.load(key_path, cert_path)
    with open(cert_path, "rb") as f:
        root = asn1_x509.Certificate.load(
            x509.load_pem_x509_certificate(f.read()).public_bytes(serialization.Encoding.DER)
        )

    with open(src, "rb") as f:
        data = f.read()
    reader = PdfFileReader(io.BytesIO(data))
    before = [[name, value is not None] for name, value, _ in fields.enumerate_sig_fields(reader)]

    for name, filled in before:
        if filled:
            continue
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        meta = signers.PdfSignatureMetadata(field_name=name, reason="Signature du contrat")
        out = signers.sign_pdf(writer, meta, signer=signer, existing_fields_only=True)
        data = out.getvalue()
    with open(dst, "wb") as f:
        f.write(data)

    reader = PdfFileReader(io.BytesIO(data))
    results = []
    for sig in reader.embedded_signatures:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=[root]))
        results.append({
            "field": sig.field_name,
            "intact": bool(status.intact),
            "valid": bool(status.valid),
            "coverage": status.coverage.name if status.coverage else None,
            "modification_level": status.modification_level.name if status.modification_level else None,
            "bottom_line": bool(status.bottom_line),
        })
    print(json.dumps({"fields_before": before, "signatures": results}))


if __name__ == "__main__":
    main()
