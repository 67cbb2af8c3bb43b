"""ECR image digests as AWS computes them.

- moto derived an image's digest from its layers' digests joined (and, for a manifest
  without layers, from a random number below 100): two images with the same layers and a
  different config got the same digest, and every image without layers the hash of nothing.
  ECR's digest is the sha256 of the manifest exactly as pushed; that is what
  DescribeImages, BatchGetImage, PutImage and Lambda's CodeSha256 now carry.
- PutImage with an `imageDigest` that is not the manifest's stored it as given; AWS refuses
  it with ImageDigestDoesNotMatchException.
"""
import hashlib
from typing import Any

from moto.core.exceptions import ServiceException
from moto.ecr.models import ECRBackend, Image


class ImageDigestDoesNotMatchException(ServiceException):
    code = "ImageDigestDoesNotMatchException"


def manifest_digest(manifest: str) -> str:
    """`sha256:<hex>` of the manifest's bytes as pushed (JSON strings travel as UTF-8)."""
    return "sha256:" + hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def _create_digest_of_manifest_bytes(self: Image) -> None:
    self._image_digest = manifest_digest(self.image_manifest)


Image._create_digest = _create_digest_of_manifest_bytes  # type: ignore[method-assign]

_put_image = ECRBackend.put_image


def _put_image_checking_digest(self: ECRBackend, repository_name: str, image_manifest: str, image_tag: str,
                               image_manifest_mediatype: str | None = None, digest: str | None = None) -> Any:
    if digest is not None and digest != manifest_digest(image_manifest):
        # The exception's description in the ECR API reference.
        raise ImageDigestDoesNotMatchException(
            "The specified image digest does not match the digest that Amazon ECR calculated for the image.")
    return _put_image(self, repository_name, image_manifest, image_tag, image_manifest_mediatype, digest)


ECRBackend.put_image = _put_image_checking_digest  # type: ignore[method-assign]
