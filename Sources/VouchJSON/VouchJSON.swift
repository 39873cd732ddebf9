internal import CVouchShims.Jansson
import VouchCore
