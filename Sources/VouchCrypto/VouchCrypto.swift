internal import CVouchShims.OpenSSL
import VouchCore
