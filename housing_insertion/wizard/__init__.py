from . import purchase_order_insertion_waiver
