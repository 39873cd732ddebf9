import VouchCore
import VouchOCI
import VouchSigstore
