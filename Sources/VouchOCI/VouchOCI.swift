import VouchCore
import VouchJSON
