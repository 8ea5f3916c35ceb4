"""Where a kiosk's printer may be: the hall's rule against a printer setting used as a weapon.

A printer spec is stored per kiosk by a manager. Unchecked, ``file:/etc/passwd`` would let
the server (often root) overwrite any file, and ``network:HOST:PORT`` would let it connect
anywhere and tell open ports from closed ones. So:

- ``file:`` only for a path inside an allowed folder (default ``/dev/usb``, where Linux puts
  usblp device nodes), after resolving ``..`` and symbolic links;
- ``network:`` only to an address inside an allowed network (default the private ranges
  RFC 1918 and IPv6 unique-local) on an allowed port (default 9100, raw printing). A host
  name is resolved once and the printer is opened on that address, so a name cannot point
  elsewhere between the check and the connection.

The policy comes from the hall's settings (``HALL_PRINTER_FOLDERS``,
``HALL_PRINTER_NETWORKS``, ``HALL_PRINTER_PORTS``); tests and bench printers set their own.
"""
from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass, field

DEFAULT_FOLDERS = ("/dev/usb",)
DEFAULT_NETWORKS = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
DEFAULT_PORTS = (9100,)
RAW_PORT = 9100


class PrinterNotAllowed(ValueError):
    """The spec names a place a printer may not be; ``str()`` is Chinese for the manager."""


def _split(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    return tuple(str(part).strip() for part in value if str(part).strip())


@dataclass(frozen=True)
class PrinterPolicy:
    folders: tuple[str, ...] = DEFAULT_FOLDERS
    networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = field(
        default_factory=lambda: tuple(ipaddress.ip_network(n) for n in DEFAULT_NETWORKS))
    ports: tuple[int, ...] = DEFAULT_PORTS

    @classmethod
    def from_settings(cls, folders=None, networks=None, ports=None) -> "PrinterPolicy":
        """From comma-separated settings; an unset one keeps its default."""
        folders = _split(folders) or DEFAULT_FOLDERS
        try:
            nets = tuple(ipaddress.ip_network(n, strict=False) for n in (_split(networks) or DEFAULT_NETWORKS))
            port_list = tuple(int(p) for p in (_split(ports) or DEFAULT_PORTS))
        except ValueError as exc:
            raise ValueError(f"打印机白名单设置有误：{exc}") from exc
        return cls(folders=folders, networks=nets, ports=port_list)

    def file_path(self, path: str) -> str:
        """The real path of a ``file:`` printer, or ``PrinterNotAllowed``."""
        real = os.path.realpath(path)
        for folder in self.folders:
            base = os.path.realpath(folder)
            if real != base and real.startswith(base.rstrip(os.sep) + os.sep):
                return real
        raise PrinterNotAllowed(f"打印机配置有误：file: 只能指向 {'、'.join(self.folders)} 下的打印机设备")

    def network_address(self, host: str, port: int) -> str:
        """The IP address to open for a ``network:`` printer, or ``PrinterNotAllowed``."""
        if port not in self.ports:
            raise PrinterNotAllowed(f"打印机配置有误：网络打印机只能使用端口 {'、'.join(map(str, self.ports))}")
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            address = self._resolve(host)
        if not any(address in network for network in self.networks):
            raise PrinterNotAllowed("打印机配置有误：网络打印机的地址不在允许的内网范围内")
        return str(address)

    @staticmethod
    def _resolve(host: str):
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            raise PrinterNotAllowed("打印机配置有误：无法解析网络打印机的主机名") from None
        return ipaddress.ip_address(infos[0][4][0])


DEFAULT_POLICY = PrinterPolicy()
