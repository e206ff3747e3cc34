"""A .docx as a zip, read within limits: the file itself, every part, and all parts together.

Nothing is trusted before it is checked. The file is read up to a cap (a device or a pipe
cannot make it read forever); an OLE file (encrypted Office, old .doc) is told apart from a
zip; a part is inflated in small steps by our own loop, so a size or ratio beyond its bound,
or more output than the zip declares, stops the inflation at once rather than after it.
"""

from __future__ import annotations

import io
import os
import posixpath
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass

from acocontract.errors import AcoError, error

MiB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_METHODS = {
    1: "Shrink",
    6: "Implode",
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    97: "WavPack",
    98: "PPMd",
    99: "AES encryption",
}
_STEP = 64 * 1024  # compressed bytes fed to the inflater at a time
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name's and extra field's lengths


@dataclass(frozen=True)
class Limits:
    """How much a .docx may make us read and inflate."""

    file: int = 64 * MiB  # the .docx itself
    part: int = 64 * MiB  # one part, inflated
    total: int = 256 * MiB  # every part read, inflated
    ratio: int = 200  # inflated : compressed, for a part over `ratio_floor`
    ratio_floor: int = 1 * MiB
    entries: int = 10_000  # files in the zip


def _fail(display: str, code: str, message: str, hint: str = "") -> AcoError:
    return AcoError([error(display, 1, 1, code, message, hint)])


def read_file(path: os.PathLike[str] | str, display: str, limits: Limits) -> bytes:
    """The file's bytes, refusing early what is not a zip or is larger than the cap."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            _check_magic(head, display)
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limits.file:
                raise _too_large(display, info.st_size, limits.file)
            data = head + handle.read(limits.file + 1 - len(head))
    except OSError as err:
        reason = err.strerror or str(err)
        raise _fail(display, "cannot-read", f"cannot read: {reason}") from None
    if len(data) > limits.file:
        raise _too_large(display, None, limits.file)  # a stream: its size is unknown
    return data


def _too_large(display: str, size: int | None, limit: int) -> AcoError:
    shown = f"{size:,} bytes" if size is not None else "larger"
    return _fail(
        display,
        "docx-too-large",
        f"the file is {shown}; the limit for a .docx is {limit:,} bytes",
    )


def _check_magic(head: bytes, display: str) -> None:
    if head.startswith(OLE_MAGIC):
        raise _fail(
            display,
            "encrypted-docx",
            "this is an encrypted (password-protected) Office file or an old binary .doc, "
            "not a .docx",
            "remove the password in Word, or save it as a Word Document (.docx), and try again",
        )
    if not head.startswith(ZIP_MAGICS):
        raise _fail(
            display,
            "not-a-docx",
            "this is not a Word .docx file (it is not a zip archive)",
        )


class Archive:
    """The parts of a zip, each inflated on demand within the limits."""

    def __init__(self, data: bytes, display: str, limits: Limits) -> None:
        _check_magic(data[:8], display)
        if len(data) > limits.file:
            raise _too_large(display, len(data), limits.file)
        self.data = data
        self.display = display
        self.limits = limits
        self.inflated = 0  # bytes inflated so far, over every part
        if data.count(b"PK\x01\x02") > limits.entries:
            raise _fail(display, "docx-too-large", f"the zip lists over {limits.entries:,} files")
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as err:
            raise _fail(
                display, "not-a-docx", f"this is not a readable zip archive ({err})"
            ) from None
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            name = info.filename.lower()
            if name in self.parts:
                raise _fail(
                    display, "corrupt-docx", f"the zip holds two parts named {info.filename}"
                )
            self.parts[name] = info

    def has(self, name: str) -> bool:
        return name.lower() in self.parts

    def read(self, name: str) -> bytes | None:
        """The part's bytes, inflated within the limits; None when there is no such part."""
        info = self.parts.get(name.lower())
        if info is None:
            return None
        self._check_declared(info)
        raw = self._raw(info)
        if info.compress_type == zipfile.ZIP_STORED:
            out = bytes(raw)
            self.inflated += len(out)
        else:
            out = self._inflate(info, raw)
        if zlib.crc32(out) != info.CRC:
            raise self._corrupt(info, "its checksum does not match")
        return out

    def _check_declared(self, info: zipfile.ZipInfo) -> None:
        where = info.filename
        if info.flag_bits & 0x1:
            raise _fail(
                self.display,
                "encrypted-docx",
                f"{where} is encrypted",
                "remove the password in Word and save it again",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = _METHODS.get(info.compress_type, "an unknown method")
            raise _fail(
                self.display,
                "docx-compression",
                f"{where} is compressed with {method} (method {info.compress_type}); "
                "Word files use Deflate",
                "open and save it again in Word or LibreOffice",
            )
        if info.file_size > self.limits.part:
            raise _fail(
                self.display,
                "docx-too-large",
                f"{where} declares {info.file_size:,} bytes inflated; the limit for one part is "
                f"{self.limits.part:,} bytes",
            )
        if self.inflated + info.file_size > self.limits.total:
            raise self._total_too_large()
        if info.file_size > self.limits.ratio_floor and (
            info.file_size > self.limits.ratio * max(info.compress_size, 1)
        ):
            raise self._bomb(
                info,
                f"would inflate from {info.compress_size:,} bytes to {info.file_size:,} "
                f"(over {self.limits.ratio} times)",
            )

    def _raw(self, info: zipfile.ZipInfo) -> memoryview:
        """The part's compressed bytes, found through its local header."""
        start = info.header_offset
        header = self.data[start : start + _LOCAL_HEADER.size]
        if len(header) < _LOCAL_HEADER.size:
            raise self._corrupt(info, "its header is cut short")
        signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        if signature != b"PK\x03\x04":
            raise self._corrupt(info, "its header is missing")
        begin = start + _LOCAL_HEADER.size + name_length + extra_length
        end = begin + info.compress_size
        if end > len(self.data):
            raise self._corrupt(info, "its data runs past the end of the file")
        return memoryview(self.data)[begin:end]

    def _inflate(self, info: zipfile.ZipInfo, raw: memoryview) -> bytes:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        out = bytearray()
        fed = 0
        pending = b""
        while not inflater.eof and (pending or fed < len(raw)):
            if not pending:
                pending = bytes(raw[fed : fed + _STEP])
                fed += len(pending)
            try:
                chunk = inflater.decompress(pending, _STEP)
            except zlib.error as err:
                raise self._corrupt(info, f"its compressed data is damaged ({err})") from None
            pending = inflater.unconsumed_tail
            out += chunk
            self.inflated += len(chunk)
            self._check_inflated(info, len(out), fed)
        if not inflater.eof:
            raise self._corrupt(info, "its compressed data ends too soon")
        if len(out) != info.file_size:
            raise self._corrupt(info, "it inflates to a different size than the zip declares")
        return bytes(out)

    def _check_inflated(self, info: zipfile.ZipInfo, size: int, fed: int) -> None:
        if size > info.file_size:
            raise self._bomb(info, f"inflates to more than the {info.file_size:,} bytes declared")
        if size > self.limits.part:
            raise self._part_too_large(info)
        if self.inflated > self.limits.total:
            raise self._total_too_large()
        if size > self.limits.ratio_floor and size > self.limits.ratio * max(fed, 1):
            raise self._bomb(info, f"inflates over {self.limits.ratio} times")

    def _corrupt(self, info: zipfile.ZipInfo, why: str) -> AcoError:
        return _fail(
            self.display,
            "corrupt-docx",
            f"{info.filename} cannot be read: {why}",
            "the file is damaged; open it in Word, which may repair it, and save it again",
        )

    def _bomb(self, info: zipfile.ZipInfo, why: str) -> AcoError:
        return _fail(self.display, "zip-bomb", f"{info.filename} {why}: refused as a zip bomb")

    def _part_too_large(self, info: zipfile.ZipInfo) -> AcoError:
        return _fail(
            self.display,
            "docx-too-large",
            f"{info.filename} inflates to more than {self.limits.part:,} bytes, the limit for "
            "one part",
        )

    def _total_too_large(self) -> AcoError:
        return _fail(
            self.display,
            "docx-too-large",
            f"the parts read inflate to over {self.limits.total:,} bytes in all",
        )


def resolve(source: str, target: str) -> str:
    """A relationship's target as a part name: relative to its source part's folder."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    folder = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
