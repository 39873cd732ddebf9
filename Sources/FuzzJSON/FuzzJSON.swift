import VouchJSON
