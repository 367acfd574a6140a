"""Reading one entry of a zip archive as a stream that never inflates more than is asked for.

zipfile bounds what it inflates for stored and deflated entries, but decompresses each chunk of a BZIP2 or
LZMA entry whole, and a few KB of those can stand for gigabytes. Numpy writes and reads such archives, so
they are read here from the entry's raw bytes, with the output of every read capped at what it asked for.
"""

import bz2
import lzma
import struct
import zipfile
import zlib

LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name's and the extra field's lengths
RAW_CHUNK = 64 * 1024


class EntryStream:
    """The bytes of ``info``'s entry in the archive file ``file``, decompressed as read; checked against its CRC
    at the end. Raises zipfile.BadZipFile for a damaged entry, as zipfile does."""

    def __init__(self, file, info):
        file.seek(info.header_offset)
        signature, name_length, extra_length = LOCAL_HEADER.unpack(file.read(LOCAL_HEADER.size))
        if signature != b"PK\x03\x04":
            raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
        file.seek(name_length + extra_length, 1)
        self._file, self._info = file, info
        self._left = info.compress_size  # raw bytes not yet read
        self._start = file.tell()
        self._crc, self._ended = 0, False
        try:
            if info.compress_type == zipfile.ZIP_BZIP2:
                self._decompressor = bz2.BZ2Decompressor()
            else:
                self._decompressor = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[self._lzma_filter()])
        except lzma.LZMAError as error:
            raise zipfile.BadZipFile(f"{info.filename!r}: {error}") from None

    def _raw(self, count):
        self._file.seek(self._start + self._info.compress_size - self._left)
        data = self._file.read(min(count, self._left))
        if not data and self._left:
            raise zipfile.BadZipFile(f"{self._info.filename!r} is truncated")
        self._left -= len(data)
        return data

    def _lzma_filter(self):
        """The LZMA1 filter a zip entry's own header describes: version (2 bytes), properties' size, properties."""
        header = self._raw(4)
        if len(header) < 4:
            raise zipfile.BadZipFile(f"{self._info.filename!r} has no LZMA header")
        properties = self._raw(struct.unpack("<H", header[2:])[0])
        if len(properties) != 5 or properties[0] >= 9 * 5 * 5:
            raise zipfile.BadZipFile(f"{self._info.filename!r} has broken LZMA properties")
        lc_lp_pb, dict_size = properties[0], struct.unpack("<I", properties[1:])[0]
        dict_size = min(dict_size, max(self._info.file_size, 4096))  # no match reaches further back than that
        return {"id": lzma.FILTER_LZMA1, "lc": lc_lp_pb % 9, "lp": lc_lp_pb // 9 % 5, "pb": lc_lp_pb // 45,
                "dict_size": dict_size}

    def read(self, size):
        """Up to ``size`` bytes (fewer only at the end): never more is decompressed at once."""
        parts, wanted = [], size
        while wanted > 0 and not self._ended:
            if self._decompressor.needs_input and not self._left:  # the raw data is used up (LZMA may have no end mark)
                self._end()
                break
            raw = self._raw(RAW_CHUNK) if self._decompressor.needs_input else b""
            try:
                data = self._decompressor.decompress(raw, wanted)
            except (OSError, EOFError, lzma.LZMAError) as error:
                raise zipfile.BadZipFile(f"{self._info.filename!r}: {error}") from None
            self._crc = zlib.crc32(data, self._crc)
            parts.append(data)
            wanted -= len(data)
            if self._decompressor.eof:
                self._end()
        return b"".join(parts)

    def readinto(self, buffer):
        data = self.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)

    def _end(self):
        self._ended = True
        if self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"bad CRC-32 for {self._info.filename!r}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def open_entry(archive, file, info):
    """A readable stream of ``info``'s entry: zipfile's own for stored and deflated entries, else an EntryStream."""
    if info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return archive.open(info)
    return EntryStream(file, info)
