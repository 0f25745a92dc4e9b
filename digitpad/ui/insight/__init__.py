"""Looking inside the models: feature maps, filters, LSTM gates, saliency, confusion matrix and mistakes.

`InsightPanel` bundles the views; each view can also be used on its own.
"""

from digitpad.ui.insight.base import InsightView
from digitpad.ui.insight.confusion_view import ConfusionView
from digitpad.ui.insight.feature_map_view import FeatureMapView
from digitpad.ui.insight.insight_panel import InsightPanel
from digitpad.ui.insight.kernel_view import KernelView
from digitpad.ui.insight.lstm_view import LstmView
from digitpad.ui.insight.misclassified_view import MisclassifiedGallery
from digitpad.ui.insight.saliency_view import SaliencyView

__all__ = [
    "ConfusionView",
    "FeatureMapView",
    "InsightPanel",
    "InsightView",
    "KernelView",
    "LstmView",
    "MisclassifiedGallery",
    "SaliencyView",
]
