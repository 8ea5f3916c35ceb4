"""Queue tickets on paper: 80 mm ESC/POS thermal printers and an 80 mm PDF."""
from printers.ticket import TicketPrint

__all__ = ["TicketPrint"]
