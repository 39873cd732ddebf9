internal import CVouchShims.Curl
import VouchCore
